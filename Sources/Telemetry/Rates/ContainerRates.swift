/// Rates of one container's cgroup between two snapshots.
public struct ContainerRates: Sendable, Codable, Hashable {
    public var key: ContainerKey
    /// CPU used, in cores (1.0 = one CPU busy for the whole interval).
    @CompactDouble public var cpuCores: Double?
    @CompactDouble public var cpuUserCores: Double?
    @CompactDouble public var cpuSystemCores: Double?
    /// The CFS limit in cores; nil = no limit.
    @CompactDouble public var cpuLimitCores: Double?
    /// cpuCores / cpuLimitCores × 100.
    @CompactDouble public var cpuLimitPercent: Double?
    /// Share of CFS periods in which the cgroup was throttled, percent.
    @CompactDouble public var throttledPeriodsPercent: Double?
    /// Seconds throttled per second.
    @CompactDouble public var throttledSecondsPerSecond: Double?
    /// Working set / limit × 100 at the current sample.
    @CompactDouble public var memoryLimitPercent: Double?
    @CompactDouble public var ioReadBytesPerSecond: Double?
    @CompactDouble public var ioWriteBytesPerSecond: Double?
    @CompactDouble public var ioReadsPerSecond: Double?
    @CompactDouble public var ioWritesPerSecond: Double?
    /// OOM kills during the interval.
    public var oomKills: UInt64?

    public init(key: ContainerKey, previous: CgroupStats?, current: CgroupStats?, seconds: Double) {
        self.key = key
        if let current, let limit = current.memoryLimitBytes, limit > 0, let workingSet = current.memoryWorkingSetBytes
        {
            self.memoryLimitPercent = Double(workingSet) / Double(limit) * 100
        }
        if let current, let quota = current.cpuQuotaMicroseconds, let period = current.cpuPeriodMicroseconds, period > 0
        {
            self.cpuLimitCores = Double(quota) / Double(period)
        }
        guard let previous, let current, previous.version == current.version else { return }
        // Plain values, not key paths: a key path projection cost more than the rate itself.
        func perSecond(_ before: UInt64?, _ now: UInt64?) -> Double? {
            CounterRate.perSecond(before, now, seconds: seconds)
        }
        let nanosecondsPerSecond = 1_000_000_000.0
        self.cpuCores = perSecond(previous.cpuUsageNanoseconds, current.cpuUsageNanoseconds)
            .map { $0 / nanosecondsPerSecond }
        self.cpuUserCores = perSecond(previous.cpuUserNanoseconds, current.cpuUserNanoseconds)
            .map { $0 / nanosecondsPerSecond }
        self.cpuSystemCores = perSecond(previous.cpuSystemNanoseconds, current.cpuSystemNanoseconds)
            .map { $0 / nanosecondsPerSecond }
        if let cores = self.cpuCores, let limit = self.cpuLimitCores, limit > 0 {
            self.cpuLimitPercent = cores / limit * 100
        }
        self.throttledPeriodsPercent = CounterRate.percent(
            part: (previous.cpuThrottledPeriods, current.cpuThrottledPeriods),
            whole: (previous.cpuPeriods, current.cpuPeriods)
        )
        self.throttledSecondsPerSecond = perSecond(previous.cpuThrottledNanoseconds, current.cpuThrottledNanoseconds)
            .map { $0 / nanosecondsPerSecond }
        self.ioReadBytesPerSecond = perSecond(previous.ioReadBytes, current.ioReadBytes)
        self.ioWriteBytesPerSecond = perSecond(previous.ioWriteBytes, current.ioWriteBytes)
        self.ioReadsPerSecond = perSecond(previous.ioReadOps, current.ioReadOps)
        self.ioWritesPerSecond = perSecond(previous.ioWriteOps, current.ioWriteOps)
        self.oomKills = CounterRate.delta(previous.oomKills, current.oomKills)
    }
}

/// Rates of one network namespace (a pod's network), loopback excluded from the totals.
public struct NamespaceRates: Sendable, Codable, Hashable {
    public var inode: UInt64
    public var rxBytesPerSecond: Double?
    public var txBytesPerSecond: Double?
    public var interfaces: [InterfaceRates]

    public init(previous: NetworkNamespace, current: NetworkNamespace, seconds: Double) {
        self.inode = current.inode
        self.interfaces = InterfaceRates.all(
            previous: previous.interfaces,
            current: current.interfaces,
            seconds: seconds
        )
        let external = self.interfaces.filter { $0.name != "lo" }
        self.rxBytesPerSecond = NodeRates.sum(external.map(\.rxBytesPerSecond))
        self.txBytesPerSecond = NodeRates.sum(external.map(\.txBytesPerSecond))
    }
}
