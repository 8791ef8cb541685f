import KernelStats

/// A process's numbers as one fixed table of 53 counters: the wire's `ProcessUpdates` patch it by position
/// (docs/wire-protocol.md; the order is part of the protocol and puts the counters that move most often first,
/// so their bitmask stays one or two bytes), and the server keeps processes packed as this table
/// (``PackedProcess``). Signed values are their two's-complement bit pattern, the one-letter state its UTF-8
/// bytes. Everything else about a process (PID, start time, comm, cmdline, cgroups, IDs, CPU and memory affinity
/// lists) is its shape (``ProcessShape``).
extension ProcessSnapshot {
    package static let counterCount = 53

    /// The table; a packed process reads it from its bytes without unpacking.
    package var counters: [UInt64?] {
        switch self.representation {
        case .packed(let packed): packed.counters
        case .open(let storage): Self.counters(of: storage.fields)
        }
    }

    /// Writes a table back; only called with one of the same shape as `counters` (the decoder checked that
    /// every changed counter was present), so the optional parts it writes into exist. A packed process stays
    /// packed, with the same shape.
    package mutating func setCounters(_ c: [UInt64?]) {
        guard c.count == Self.counterCount else { return }
        if case .packed(let packed) = self.representation, let repacked = PackedProcess.make(packed.shape, c) {
            self.representation = .packed(repacked)
            return
        }
        Self.write(c, into: &self.unique.fields)
    }

    static func counters(of f: borrowing Fields) -> [UInt64?] {
        let stat = f.stat
        let status = f.status
        let io = f.io
        let statm = f.statm
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
            Self.bits(Int64(stat.session)), stat.rtPriority, stat.policy, status?.seccomp, f.networkNamespace,
        ]
    }

    /// Writes `c` into the fields (of the same shape).
    static func write(_ c: [UInt64?], into f: inout Fields) {
        func signed(_ value: UInt64?) -> Int64 { Int64(bitPattern: value ?? 0) }
        func small(_ value: UInt64?) -> Int32 { Int32(truncatingIfNeeded: signed(value)) }
        f.stat.utime = c[0] ?? 0
        f.stat.stime = c[1] ?? 0
        f.stat.minorFaults = c[2] ?? 0
        f.stat.processor = signed(c[3])
        f.stat.rss = signed(c[4])
        // Rebuilt only when it moved: a new string per process per delta showed in the profile.
        if let value = c[15], value != Self.stateBits(f.stat.state) { f.stat.state = Self.state(value) }
        f.stat.numThreads = signed(c[16])
        f.stat.majorFaults = c[18] ?? 0
        f.stat.vsize = c[19] ?? 0
        f.stat.cutime = signed(c[40])
        f.stat.cstime = signed(c[41])
        f.stat.priority = signed(c[42])
        f.stat.nice = signed(c[43])
        f.stat.delayacctBlkioTicks = c[44]
        f.stat.guestTime = c[45]
        f.stat.ppid = small(c[46])
        f.stat.pgrp = small(c[47])
        f.stat.session = small(c[48])
        f.stat.rtPriority = c[49] ?? 0
        f.stat.policy = c[50] ?? 0
        f.networkNamespace = c[52]
        // Each optional part is taken out, written and put back: writing through `f.status?.field` eighteen
        // times cost more than the rest of the delta's arithmetic.
        if var statm = f.statm {
            statm.resident = c[5] ?? 0
            statm.size = c[20] ?? 0
            statm.shared = c[21] ?? 0
            statm.data = c[22] ?? 0
            statm.text = c[37] ?? 0
            statm.lib = c[38] ?? 0
            statm.dirty = c[39] ?? 0
            f.statm = statm
        }
        if var io = f.io {
            io.rchar = c[9] ?? 0
            io.wchar = c[10] ?? 0
            io.syscr = c[11] ?? 0
            io.syscw = c[12] ?? 0
            io.readBytes = c[13] ?? 0
            io.writeBytes = c[14] ?? 0
            io.cancelledWriteBytes = c[36] ?? 0
            f.io = io
        }
        if var status = f.status {
            f.status = nil  // so that `status` is the only reference to its arrays and strings
            Self.setStatusCounters(&status, c)
            f.status = status
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

    private static func bits(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }

    /// The state letter's UTF-8 bytes, little-endian; nil when longer than eight bytes or holding a NUL (then the
    /// process travels whole).
    package static func stateBits(_ state: String) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in state.utf8 {
            guard shift < 64, byte != 0 else { return nil }
            value |= UInt64(byte) << shift
            shift += 8
        }
        return value
    }

    package static func state(_ bits: UInt64) -> String {
        var bytes: [UInt8] = []
        var rest = bits
        while rest != 0 {
            bytes.append(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
