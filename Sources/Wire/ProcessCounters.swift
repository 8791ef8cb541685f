import Telemetry

/// When a delta's `ProcessUpdates` entry (Telemetry's ``ProcessCounter`` table patched by position) can stand
/// for a process: a process whose shape changed travels whole.
extension ProcessSnapshot {
    /// True when everything outside the counter table is equal, so an update can stand for `self`.
    func hasSameShape(as other: ProcessSnapshot) -> Bool {
        guard self.stat.pid == other.stat.pid, self.stat.starttime == other.stat.starttime,
            self.stat.comm == other.stat.comm, Self.stateBits(self.stat.state) != nil,
            Self.stateBits(other.stat.state) != nil, self.cmdline == other.cmdline, self.cgroups == other.cgroups,
            (self.status == nil) == (other.status == nil), (self.io == nil) == (other.io == nil),
            (self.statm == nil) == (other.statm == nil)
        else { return false }
        guard let mine = self.status, let theirs = other.status else { return true }
        return mine.speculationStoreBypass == theirs.speculationStoreBypass
            && mine.cpusAllowedList == theirs.cpusAllowedList && mine.memsAllowedList == theirs.memsAllowedList
            && mine.uid == theirs.uid && mine.gid == theirs.gid && mine.nsPID == theirs.nsPID
            && mine.kthread == theirs.kthread
    }
}
