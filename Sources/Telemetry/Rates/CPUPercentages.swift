/// How a CPU (or all of them) spent an interval, in percent of that interval; the states sum to 100.
public struct CPUPercentages: Sendable, Codable, Hashable {
    public var user: Double
    public var nice: Double
    public var system: Double
    public var idle: Double
    public var iowait: Double
    public var irq: Double
    public var softirq: Double
    public var steal: Double
    /// Everything but idle and iowait (iowait is idle time with I/O pending, not work).
    public var busy: Double

    /// The split between two readings of the same CPU line; nil when no time passed or a counter reset
    /// (CPU hot-unplug and re-plug restarts its counters).
    public init?(previous: CPUTimes, current: CPUTimes) {
        guard current.total > previous.total else { return nil }
        let whole = Double(current.total - previous.total)
        func share(_ a: UInt64?, _ b: UInt64?) -> Double? {
            guard let delta = CounterRate.delta(a ?? 0, b ?? 0) else { return nil }
            return Double(delta) / whole * 100
        }
        guard let user = share(previous.user, current.user), let nice = share(previous.nice, current.nice),
            let system = share(previous.system, current.system), let idle = share(previous.idle, current.idle),
            let iowait = share(previous.iowait, current.iowait), let irq = share(previous.irq, current.irq),
            let softirq = share(previous.softirq, current.softirq), let steal = share(previous.steal, current.steal)
        else { return nil }
        self.user = user
        self.nice = nice
        self.system = system
        self.idle = idle
        self.iowait = iowait
        self.irq = irq
        self.softirq = softirq
        self.steal = steal
        self.busy = max(0, 100 - idle - iowait)
    }
}
