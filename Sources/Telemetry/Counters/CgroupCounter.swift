/// The cgroup counter table, declared once: each case one counter, its raw value its slot in a delta's
/// `CounterUpdate` (docs/wire-protocol.md, "Counter updates": most often moving first; append, never reorder),
/// then the three PSI values (``PressureCounter`` each). Exhaustive switches read and write every counter, and
/// the page-scaled bitmask is derived from the cases. The cgroup version is its shape: a cgroup whose version
/// or set of present counters changed travels whole.
package enum CgroupCounter: Int, CaseIterable, Sendable {
    case cpuUsage, cpuUser, cpuSystem, memoryUsage, memoryWorkingSet, memoryRSS, memoryCache, cpuPeriods
    case cpuThrottledPeriods, cpuThrottledTime, ioReadBytes, ioWriteBytes, ioReadOps, ioWriteOps, pidsCurrent
    case memoryInactiveFile, memorySwap, memoryLimitHits, oomKills, memoryLimit, cpuQuota, cpuPeriod, pidsLimit

    /// Slots of the scalar counters; the pressure values follow.
    package static let scalarCount = Self.allCases.count
    package static let cpuPressureStart = Self.scalarCount
    package static let memoryPressureStart = Self.cpuPressureStart + PressureCounter.count
    package static let ioPressureStart = Self.memoryPressureStart + PressureCounter.count
    package static let count = Self.ioPressureStart + PressureCounter.count

    /// Memory counters, charged in pages: usage, working set, rss, cache, inactive file, swap, limit.
    package static let pageScaled: UInt64 = Self.allCases.reduce(0) { mask, counter in
        counter.isPageScaled ? mask | 1 << UInt64(counter.rawValue) : mask
    }

    private var isPageScaled: Bool {
        switch self {
        case .memoryUsage, .memoryWorkingSet, .memoryRSS, .memoryCache, .memoryInactiveFile, .memorySwap,
            .memoryLimit:
            true
        default: false
        }
    }

    // swift-format-ignore
    package func read(_ s: borrowing CgroupStats) -> UInt64? {
        switch self {
        case .cpuUsage: s.cpuUsageNanoseconds
        case .cpuUser: s.cpuUserNanoseconds
        case .cpuSystem: s.cpuSystemNanoseconds
        case .memoryUsage: s.memoryUsageBytes
        case .memoryWorkingSet: s.memoryWorkingSetBytes
        case .memoryRSS: s.memoryRSSBytes
        case .memoryCache: s.memoryCacheBytes
        case .cpuPeriods: s.cpuPeriods
        case .cpuThrottledPeriods: s.cpuThrottledPeriods
        case .cpuThrottledTime: s.cpuThrottledNanoseconds
        case .ioReadBytes: s.ioReadBytes
        case .ioWriteBytes: s.ioWriteBytes
        case .ioReadOps: s.ioReadOps
        case .ioWriteOps: s.ioWriteOps
        case .pidsCurrent: s.pidsCurrent
        case .memoryInactiveFile: s.memoryInactiveFileBytes
        case .memorySwap: s.memorySwapBytes
        case .memoryLimitHits: s.memoryLimitHits
        case .oomKills: s.oomKills
        case .memoryLimit: s.memoryLimitBytes
        case .cpuQuota: s.cpuQuotaMicroseconds
        case .cpuPeriod: s.cpuPeriodMicroseconds
        case .pidsLimit: s.pidsLimit
        }
    }

    // swift-format-ignore
    package func write(_ v: UInt64?, to s: inout CgroupStats) {
        switch self {
        case .cpuUsage: s.cpuUsageNanoseconds = v
        case .cpuUser: s.cpuUserNanoseconds = v
        case .cpuSystem: s.cpuSystemNanoseconds = v
        case .memoryUsage: s.memoryUsageBytes = v
        case .memoryWorkingSet: s.memoryWorkingSetBytes = v
        case .memoryRSS: s.memoryRSSBytes = v
        case .memoryCache: s.memoryCacheBytes = v
        case .cpuPeriods: s.cpuPeriods = v
        case .cpuThrottledPeriods: s.cpuThrottledPeriods = v
        case .cpuThrottledTime: s.cpuThrottledNanoseconds = v
        case .ioReadBytes: s.ioReadBytes = v
        case .ioWriteBytes: s.ioWriteBytes = v
        case .ioReadOps: s.ioReadOps = v
        case .ioWriteOps: s.ioWriteOps = v
        case .pidsCurrent: s.pidsCurrent = v
        case .memoryInactiveFile: s.memoryInactiveFileBytes = v
        case .memorySwap: s.memorySwapBytes = v
        case .memoryLimitHits: s.memoryLimitHits = v
        case .oomKills: s.oomKills = v
        case .memoryLimit: s.memoryLimitBytes = v
        case .cpuQuota: s.cpuQuotaMicroseconds = v
        case .cpuPeriod: s.cpuPeriodMicroseconds = v
        case .pidsLimit: s.pidsLimit = v
        }
    }
}

extension CgroupStats {
    package static var counterCount: Int { CgroupCounter.count }

    package var counters: [UInt64?] {
        var counters: [UInt64?] = []
        counters.reserveCapacity(CgroupCounter.count)
        for counter in CgroupCounter.allCases { counters.append(counter.read(self)) }
        PressureCounters.append(self.cpuPressure, to: &counters)
        PressureCounters.append(self.memoryPressure, to: &counters)
        PressureCounters.append(self.ioPressure, to: &counters)
        return counters
    }

    /// Writes a table of the same shape as `counters` back (the decoder checked every changed counter was present).
    package mutating func setCounters(_ c: [UInt64?]) {
        guard c.count == CgroupCounter.count else { return }
        for counter in CgroupCounter.allCases { counter.write(c[counter.rawValue], to: &self) }
        PressureCounters.set(&self.cpuPressure, c, at: CgroupCounter.cpuPressureStart)
        PressureCounters.set(&self.memoryPressure, c, at: CgroupCounter.memoryPressureStart)
        PressureCounters.set(&self.ioPressure, c, at: CgroupCounter.ioPressureStart)
    }
}
