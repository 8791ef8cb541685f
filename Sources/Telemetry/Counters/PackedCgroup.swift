/// A cgroup's counters as every container holds them: its version, which PSI values and lines exist, and its
/// counter table (``CgroupCounter``, ``VarintTable``) in one allocation of ~150 bytes, where ``CgroupStats``
/// takes ~600 inline. Immutable; a container's `cgroup` reads it back whole.
package struct PackedCgroup: @unchecked Sendable, Hashable {
    // @unchecked: the buffer is written only in `init`, before any value holds it, and never after.
    private let buffer: ManagedBuffer<Header, UInt8>

    struct Header {
        let version: CgroupVersion
        /// For cpu, memory and io pressure in turn, three bits: the value, its `some` line, its `full` line.
        let pressure: UInt16
        let present: UInt64
        let byteCount: Int
    }

    package init(_ stats: borrowing CgroupStats) {
        let counters = stats.counters
        let (present, byteCount) = VarintTable.measure(counters) ?? (0, 0)
        let pressure =
            Self.shape(stats.cpuPressure) | Self.shape(stats.memoryPressure) << 3 | Self.shape(stats.ioPressure) << 6
        let header = Header(version: stats.version, pressure: pressure, present: present, byteCount: byteCount)
        self.buffer = ManagedBuffer<Header, UInt8>.create(minimumCapacity: byteCount) { _ in header }
        if present != 0 { self.buffer.withUnsafeMutablePointerToElements { VarintTable.write(counters, to: $0) } }
    }

    /// The counters, whole.
    package var stats: CgroupStats {
        let header = self.buffer.header
        var stats = CgroupStats(version: header.version)
        stats.cpuPressure = Self.pressure(header.pressure)
        stats.memoryPressure = Self.pressure(header.pressure >> 3)
        stats.ioPressure = Self.pressure(header.pressure >> 6)
        stats.setCounters(self.counters)
        return stats
    }

    /// The counters without the PSI values (rates need no more, and this skips building them).
    package var withoutPressure: CgroupStats {
        let header = self.buffer.header
        var stats = CgroupStats(version: header.version)
        self.buffer.withUnsafeMutablePointerToElements { bytes in
            VarintTable.visit(
                bytes,
                byteCount: header.byteCount,
                present: header.present,
                upTo: CgroupCounter.scalarCount
            ) { index, value in CgroupCounter(rawValue: index)?.write(value, to: &stats) }
        }
        return stats
    }

    /// One counter, read in place (the sparklines read the working set of every container on every snapshot).
    package func value(_ counter: CgroupCounter) -> UInt64? {
        var result: UInt64?
        let header = self.buffer.header
        self.buffer.withUnsafeMutablePointerToElements { bytes in
            VarintTable.visit(bytes, byteCount: header.byteCount, present: header.present, upTo: counter.rawValue + 1) {
                index,
                value in if index == counter.rawValue { result = value }
            }
        }
        return result
    }

    /// Whether both have the same version and the same PSI values and lines: then their counter tables say
    /// everything that differs.
    package func hasSameShape(as other: PackedCgroup) -> Bool {
        let (a, b) = (self.buffer.header, other.buffer.header)
        return a.version == b.version && a.pressure == b.pressure
    }

    /// The counter table (``CgroupCounter``, then the three PSI values), read without building ``CgroupStats``.
    package var counters: [UInt64?] {
        let header = self.buffer.header
        return self.buffer.withUnsafeMutablePointerToElements { bytes in
            VarintTable.counters(
                bytes,
                byteCount: header.byteCount,
                present: header.present,
                count: CgroupCounter.count
            )
        }
    }

    private static func shape(_ pressure: Pressure?) -> UInt16 {
        guard let pressure else { return 0 }
        return 1 | (pressure.some == nil ? 0 : 2) | (pressure.full == nil ? 0 : 4)
    }

    private static func pressure(_ shape: UInt16) -> Pressure? {
        guard shape & 1 != 0 else { return nil }
        let zero = PressureLine(avg10: 0, avg60: 0, avg300: 0, totalMicroseconds: 0)
        return Pressure(some: shape & 2 != 0 ? zero : nil, full: shape & 4 != 0 ? zero : nil)
    }

    package static func == (lhs: PackedCgroup, rhs: PackedCgroup) -> Bool {
        if lhs.buffer === rhs.buffer { return true }
        let (a, b) = (lhs.buffer.header, rhs.buffer.header)
        guard a.version == b.version, a.pressure == b.pressure, a.present == b.present, a.byteCount == b.byteCount
        else { return false }
        return lhs.buffer.withUnsafeMutablePointerToElements { left in
            rhs.buffer.withUnsafeMutablePointerToElements { right in
                (0..<a.byteCount).allSatisfy { left[$0] == right[$0] }
            }
        }
    }

    package func hash(into hasher: inout Hasher) {
        let header = self.buffer.header
        hasher.combine(header.version)
        hasher.combine(header.pressure)
        hasher.combine(header.present)
        self.buffer.withUnsafeMutablePointerToElements { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(start: bytes, count: header.byteCount))
        }
    }
}
