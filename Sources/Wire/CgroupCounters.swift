import KernelStats

/// A cgroup's numbers as the fixed counter table of a delta's `CounterUpdate` (docs/wire-protocol.md; the order
/// is part of the protocol, most often moving first). Pressure averages travel as their IEEE-754 bit patterns.
/// The cgroup version is its shape: a cgroup whose version or set of present counters changed travels whole.
extension CgroupStats {
    static let counterCount = 47

    var counters: [UInt64?] {
        var counters: [UInt64?] = [
            self.cpuUsageNanoseconds, self.cpuUserNanoseconds, self.cpuSystemNanoseconds, self.memoryUsageBytes,
            self.memoryWorkingSetBytes, self.memoryRSSBytes, self.memoryCacheBytes, self.cpuPeriods,
            self.cpuThrottledPeriods, self.cpuThrottledNanoseconds, self.ioReadBytes, self.ioWriteBytes,
            self.ioReadOps, self.ioWriteOps, self.pidsCurrent, self.memoryInactiveFileBytes, self.memorySwapBytes,
            self.memoryLimitHits, self.oomKills, self.memoryLimitBytes, self.cpuQuotaMicroseconds,
            self.cpuPeriodMicroseconds, self.pidsLimit,
        ]
        counters.reserveCapacity(Self.counterCount)
        Self.append(self.cpuPressure?.some, to: &counters)
        Self.append(self.cpuPressure?.full, to: &counters)
        Self.append(self.memoryPressure?.some, to: &counters)
        Self.append(self.memoryPressure?.full, to: &counters)
        Self.append(self.ioPressure?.some, to: &counters)
        Self.append(self.ioPressure?.full, to: &counters)
        return counters
    }

    /// Writes a table of the same shape as `counters` back (the decoder checked every changed counter was present).
    mutating func setCounters(_ c: [UInt64?]) {
        guard c.count == Self.counterCount else { return }
        self.cpuUsageNanoseconds = c[0]
        self.cpuUserNanoseconds = c[1]
        self.cpuSystemNanoseconds = c[2]
        self.memoryUsageBytes = c[3]
        self.memoryWorkingSetBytes = c[4]
        self.memoryRSSBytes = c[5]
        self.memoryCacheBytes = c[6]
        self.cpuPeriods = c[7]
        self.cpuThrottledPeriods = c[8]
        self.cpuThrottledNanoseconds = c[9]
        self.ioReadBytes = c[10]
        self.ioWriteBytes = c[11]
        self.ioReadOps = c[12]
        self.ioWriteOps = c[13]
        self.pidsCurrent = c[14]
        self.memoryInactiveFileBytes = c[15]
        self.memorySwapBytes = c[16]
        self.memoryLimitHits = c[17]
        self.oomKills = c[18]
        self.memoryLimitBytes = c[19]
        self.cpuQuotaMicroseconds = c[20]
        self.cpuPeriodMicroseconds = c[21]
        self.pidsLimit = c[22]
        Self.set(&self.cpuPressure, c[23..<31])
        Self.set(&self.memoryPressure, c[31..<39])
        Self.set(&self.ioPressure, c[39..<47])
    }

    /// A pressure line: total, then the 10, 60 and 300 s averages.
    private static func append(_ line: PressureLine?, to counters: inout [UInt64?]) {
        guard let line else { return counters.append(contentsOf: [nil, nil, nil, nil] as [UInt64?]) }
        counters.append(line.totalMicroseconds)
        counters.append(line.avg10.bitPattern)
        counters.append(line.avg60.bitPattern)
        counters.append(line.avg300.bitPattern)
    }

    private static func set(_ pressure: inout Pressure?, _ c: ArraySlice<UInt64?>) {
        guard var value = pressure else { return }
        let start = c.startIndex
        Self.set(&value.some, c[start..<start + 4])
        Self.set(&value.full, c[start + 4..<start + 8])
        pressure = value
    }

    private static func set(_ line: inout PressureLine?, _ c: ArraySlice<UInt64?>) {
        guard line != nil else { return }
        let start = c.startIndex
        line?.totalMicroseconds = c[start] ?? 0
        line?.avg10 = Double(bitPattern: c[start + 1] ?? 0)
        line?.avg60 = Double(bitPattern: c[start + 2] ?? 0)
        line?.avg300 = Double(bitPattern: c[start + 3] ?? 0)
    }
}
