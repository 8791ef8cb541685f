extension ProcessSnapshot {
    /// True when everything outside the counter table is equal, so that a delta's update of the table (Wire's
    /// `ProcessUpdates`) can stand for `self`; a process whose shape changed travels whole. Each side's fields are
    /// read once: every field getter copies the process's whole fields (~900 bytes), and this runs for every
    /// process of every pass.
    package func hasSameShape(as other: ProcessSnapshot) -> Bool {
        let (mine, theirs) = (self.fields, other.fields)
        guard mine.stat.pid == theirs.stat.pid, mine.stat.starttime == theirs.stat.starttime,
            mine.stat.comm == theirs.stat.comm, Self.stateBits(mine.stat.state) != nil,
            Self.stateBits(theirs.stat.state) != nil, mine.cmdline == theirs.cmdline, mine.cgroups == theirs.cgroups,
            (mine.status == nil) == (theirs.status == nil), (mine.io == nil) == (theirs.io == nil),
            (mine.statm == nil) == (theirs.statm == nil)
        else { return false }
        guard let a = mine.status, let b = theirs.status else { return true }
        return a.speculationStoreBypass == b.speculationStoreBypass && a.cpusAllowedList == b.cpusAllowedList
            && a.memsAllowedList == b.memsAllowedList && a.uid == b.uid && a.gid == b.gid && a.nsPID == b.nsPID
            && a.kthread == b.kthread
    }
}

extension ProcessSnapshot {
    /// The lists a server shares between processes (Wire's `ProcessInterner`): the command line, the cgroups and
    /// `/proc/PID/status`'s IDs (nil without a status). Read in place from a packed process: the `status` getter
    /// rebuilds the whole status with its counters, and the interner's refresh reads these for every process.
    package var sharedLists: SharedLists {
        switch self.representation {
        case .packed(let packed):
            let shape = packed.shape
            let ids = shape.status.map { ($0.uid, $0.gid, $0.nsPID) }
            return SharedLists(cmdline: shape.cmdline, cgroups: shape.cgroups, ids: ids)
        case .open(let storage):
            let fields = storage.fields
            let ids = fields.status.map { ($0.uid, $0.gid, $0.nsPID) }
            return SharedLists(cmdline: fields.cmdline, cgroups: fields.cgroups, ids: ids)
        }
    }

    /// See ``sharedLists``.
    package struct SharedLists {
        package var cmdline: [String]
        package var cgroups: [CgroupMembership]
        package var ids: (uid: [UInt32], gid: [UInt32], nsPID: [Int32])?
    }
}
