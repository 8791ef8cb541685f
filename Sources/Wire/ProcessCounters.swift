import KernelStats
import Telemetry

/// A process's numbers as the fixed counter table of a delta's `ProcessUpdates` (docs/wire-protocol.md; the
/// order is part of the protocol and puts the counters that move most often first, so their bitmask stays
/// one or two bytes). Signed values travel as their two's-complement bit pattern, the one-letter state as its
/// UTF-8 bytes. Everything else about a process (PID, start time, comm, cmdline, cgroups, IDs, CPU and memory
/// affinity lists) is its shape: a process whose shape changed travels whole.
extension ProcessSnapshot {
    static let counterCount = 53
    /// Counters in bytes that move by whole pages (VmRSS, vsize, the status Vm*/Rss* sizes).
    static let pageScaled: UInt64 = 1 << 6 | 1 << 19 | (0..<13).reduce(0) { $0 | 1 << (23 + $1) }

    var counters: [UInt64?] {
        let stat = self.stat
        let status = self.status
        let io = self.io
        let statm = self.statm
        return [
            stat.utime, stat.stime, stat.minorFaults, Self.bits(stat.processor), Self.bits(stat.rss), statm?.resident,
            status?.vmRSS, status?.voluntaryContextSwitches, status?.nonvoluntaryContextSwitches, io?.rchar,
            io?.wchar, io?.syscr, io?.syscw, io?.readBytes, io?.writeBytes, Self.stateBits(stat.state),
            Self.bits(stat.numThreads), status?.threads, stat.majorFaults, stat.vsize, statm?.size, statm?.shared,
            statm?.data, status?.vmSize, status?.vmPeak, status?.vmHWM, status?.rssAnon, status?.rssFile,
            status?.rssShmem, status?.vmData, status?.vmStk, status?.vmExe, status?.vmLib, status?.vmSwap,
            status?.vmLck, status?.vmPin, io?.cancelledWriteBytes, statm?.text, statm?.lib, statm?.dirty,
            Self.bits(stat.cutime), Self.bits(stat.cstime), Self.bits(stat.priority), Self.bits(stat.nice),
            stat.delayacctBlkioTicks, stat.guestTime, Self.bits(Int64(stat.ppid)), Self.bits(Int64(stat.pgrp)),
            Self.bits(Int64(stat.session)), stat.rtPriority, stat.policy, status?.seccomp, self.networkNamespace,
        ]
    }

    /// Writes a table back; only called with one of the same shape as `counters` (the decoder checked that
    /// every changed counter was present), so the optional parts it writes into exist.
    mutating func setCounters(_ c: [UInt64?]) {
        guard c.count == Self.counterCount else { return }
        func signed(_ value: UInt64?) -> Int64 { Int64(bitPattern: value ?? 0) }
        func small(_ value: UInt64?) -> Int32 { Int32(truncatingIfNeeded: signed(value)) }
        self.stat.utime = c[0] ?? 0
        self.stat.stime = c[1] ?? 0
        self.stat.minorFaults = c[2] ?? 0
        self.stat.processor = signed(c[3])
        self.stat.rss = signed(c[4])
        // Rebuilt only when it moved: a new string per process per delta showed in the profile.
        if let value = c[15], value != Self.stateBits(self.stat.state) { self.stat.state = Self.state(value) }
        self.stat.numThreads = signed(c[16])
        self.stat.majorFaults = c[18] ?? 0
        self.stat.vsize = c[19] ?? 0
        self.stat.cutime = signed(c[40])
        self.stat.cstime = signed(c[41])
        self.stat.priority = signed(c[42])
        self.stat.nice = signed(c[43])
        self.stat.delayacctBlkioTicks = c[44]
        self.stat.guestTime = c[45]
        self.stat.ppid = small(c[46])
        self.stat.pgrp = small(c[47])
        self.stat.session = small(c[48])
        self.stat.rtPriority = c[49] ?? 0
        self.stat.policy = c[50] ?? 0
        self.networkNamespace = c[52]
        // Each optional part is taken out, written and put back: writing through `self.status?.field` eighteen
        // times cost more than the rest of the delta's arithmetic.
        if var statm = self.statm {
            statm.resident = c[5] ?? 0
            statm.size = c[20] ?? 0
            statm.shared = c[21] ?? 0
            statm.data = c[22] ?? 0
            statm.text = c[37] ?? 0
            statm.lib = c[38] ?? 0
            statm.dirty = c[39] ?? 0
            self.statm = statm
        }
        if var io = self.io {
            io.rchar = c[9] ?? 0
            io.wchar = c[10] ?? 0
            io.syscr = c[11] ?? 0
            io.syscw = c[12] ?? 0
            io.readBytes = c[13] ?? 0
            io.writeBytes = c[14] ?? 0
            io.cancelledWriteBytes = c[36] ?? 0
            self.io = io
        }
        if var status = self.status {
            self.status = nil  // so that `status` is the only reference to its arrays and strings
            Self.setStatusCounters(&status, c)
            self.status = status
        }
    }

    private static func setStatusCounters(_ status: inout PIDStatus, _ c: [UInt64?]) {
        status.vmRSS = c[6]
        status.voluntaryContextSwitches = c[7]
        status.nonvoluntaryContextSwitches = c[8]
        status.threads = c[17]
        status.vmSize = c[23]
        status.vmPeak = c[24]
        status.vmHWM = c[25]
        status.rssAnon = c[26]
        status.rssFile = c[27]
        status.rssShmem = c[28]
        status.vmData = c[29]
        status.vmStk = c[30]
        status.vmExe = c[31]
        status.vmLib = c[32]
        status.vmSwap = c[33]
        status.vmLck = c[34]
        status.vmPin = c[35]
        status.seccomp = c[51]
    }

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

    private static func bits(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }

    /// The state letter's UTF-8 bytes, little-endian; nil when longer than eight bytes or holding a NUL (then the
    /// process travels whole).
    static func stateBits(_ state: String) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in state.utf8 {
            guard shift < 64, byte != 0 else { return nil }
            value |= UInt64(byte) << shift
            shift += 8
        }
        return value
    }

    static func state(_ bits: UInt64) -> String {
        var bytes: [UInt8] = []
        var rest = bits
        while rest != 0 {
            bytes.append(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
