import KernelStats

/// A cgroup's numbers as the fixed counter table of a delta's `CounterUpdate` (docs/wire-protocol.md; the order
/// is part of the protocol, most often moving first). Pressure lines as in `PressureCounters`.
/// The cgroup version is its shape: a cgroup whose version or set of present counters changed travels whole.
extension CgroupStats {
    static let counterCount = 47
    /// Memory counters, charged in pages: usage, working set, rss, cache, inactive file, swap, limit.
    static let pageScaled: UInt64 = 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 15 | 1 << 16 | 1 << 19

    var counters: [UInt64?] {
        var counters: [UInt64?] = []
        counters.reserveCapacity(Self.counterCount)
        counters += [
            self.cpuUsageNanoseconds, self.cpuUserNanoseconds, self.cpuSystemNanoseconds, self.memoryUsageBytes,
            self.memoryWorkingSetBytes, self.memoryRSSBytes, self.memoryCacheBytes, self.cpuPeriods,
            self.cpuThrottledPeriods, self.cpuThrottledNanoseconds, self.ioReadBytes, self.ioWriteBytes,
            self.ioReadOps, self.ioWriteOps, self.pidsCurrent, self.memoryInactiveFileBytes, self.memorySwapBytes,
            self.memoryLimitHits, self.oomKills, self.memoryLimitBytes, self.cpuQuotaMicroseconds,
            self.cpuPeriodMicroseconds, self.pidsLimit,
        ]
        PressureCounters.append(self.cpuPressure, to: &counters)
        PressureCounters.append(self.memoryPressure, to: &counters)
        PressureCounters.append(self.ioPressure, to: &counters)
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
        PressureCounters.set(&self.cpuPressure, c, at: 23)
        PressureCounters.set(&self.memoryPressure, c, at: 31)
        PressureCounters.set(&self.ioPressure, c, at: 39)
    }
}
