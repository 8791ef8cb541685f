/// Jiffies (USER_HZ ticks) one CPU, or all of them, spent in each state.
///
/// `guest` and `guestNice` are already included in `user` and `nice` by the kernel; they are kept for
/// display and never added again. Fields absent on old kernels are nil.
public struct CPUTimes: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {
        self.init(user: 0, nice: 0, system: 0, idle: 0)
    }

    public var user: UInt64
    public var nice: UInt64
    public var system: UInt64
    public var idle: UInt64
    public var iowait: UInt64?
    public var irq: UInt64?
    public var softirq: UInt64?
    public var steal: UInt64?
    public var guest: UInt64?
    public var guestNice: UInt64?

    public init(
        user: UInt64,
        nice: UInt64,
        system: UInt64,
        idle: UInt64,
        iowait: UInt64? = nil,
        irq: UInt64? = nil,
        softirq: UInt64? = nil,
        steal: UInt64? = nil,
        guest: UInt64? = nil,
        guestNice: UInt64? = nil
    ) {
        self.user = user
        self.nice = nice
        self.system = system
        self.idle = idle
        self.iowait = iowait
        self.irq = irq
        self.softirq = softirq
        self.steal = steal
        self.guest = guest
        self.guestNice = guestNice
    }

    /// Every state once: user + nice + system + idle + iowait + irq + softirq + steal (guest excluded,
    /// since it is inside user and nice).
    public var total: UInt64 {
        self.user &+ self.nice &+ self.system &+ self.idle &+ (self.iowait ?? 0) &+ (self.irq ?? 0)
            &+ (self.softirq ?? 0) &+ (self.steal ?? 0)
    }
}
