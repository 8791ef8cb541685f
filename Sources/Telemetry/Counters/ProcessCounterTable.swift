/// A process's numbers as one table of counters (declared in ``ProcessCounter``): the wire's `ProcessUpdates`
/// patch it by position and the server keeps processes packed as it (``PackedProcess``). Everything else about
/// a process (PID, start time, comm, cmdline, cgroups, IDs, CPU and memory affinity lists) is its shape
/// (``ProcessShape``).
extension ProcessSnapshot {
    package static var counterCount: Int { ProcessCounter.count }

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
        ProcessCounter.allCases.map { $0.read(f) }
    }

    /// Writes `c` into the fields (of the same shape): each part is taken out, written and put back whole, and
    /// the optional ones only where they exist (writing through `f.status?.field` eighteen times cost more than
    /// the rest of a delta's arithmetic).
    static func write(_ c: [UInt64?], into f: inout Fields) {
        guard c.count == ProcessCounter.count else { return }
        var parts = ProcessCounter.Parts(
            stat: f.stat,
            status: f.status ?? PIDStatus(),
            io: f.io ?? PIDIO(),
            statm: f.statm ?? PIDStatm(),
            networkNamespace: f.networkNamespace
        )
        for counter in ProcessCounter.allCases { counter.write(c[counter.rawValue], to: &parts) }
        f.stat = parts.stat
        f.networkNamespace = parts.networkNamespace
        if f.status != nil { f.status = parts.status }
        if f.io != nil { f.io = parts.io }
        if f.statm != nil { f.statm = parts.statm }
    }

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
