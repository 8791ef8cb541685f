import KernelStats

/// Rates of one process between two snapshots (matched by PID and start time, so a reused PID is a new
/// process with no rate yet).
public struct ProcessRates: Sendable, Codable, Hashable {
    public var pid: Int32
    /// CPU in percent of one core — not capped: a process using 4 cores shows 400, like `top`.
    public var cpuPercent: Double?
    public var userPercent: Double?
    public var systemPercent: Double?
    public var readBytesPerSecond: Double?
    public var writeBytesPerSecond: Double?
    public var majorFaultsPerSecond: Double?
    public var contextSwitchesPerSecond: Double?

    public init(previous: ProcessSnapshot, current: ProcessSnapshot, seconds: Double, clockTicksPerSecond: UInt64) {
        self.pid = current.pid
        let ticks = Double(max(clockTicksPerSecond, 1))
        func percent(_ a: UInt64, _ b: UInt64) -> Double? {
            CounterRate.perSecond(a, b, seconds: seconds).map { $0 / ticks * 100 }
        }
        self.userPercent = percent(previous.stat.utime, current.stat.utime)
        self.systemPercent = percent(previous.stat.stime, current.stat.stime)
        self.cpuPercent = percent(previous.stat.utime &+ previous.stat.stime, current.stat.utime &+ current.stat.stime)
        self.readBytesPerSecond = CounterRate.perSecond(previous.io?.readBytes, current.io?.readBytes, seconds: seconds)
        self.writeBytesPerSecond = CounterRate.perSecond(
            previous.io?.writeBytes,
            current.io?.writeBytes,
            seconds: seconds
        )
        self.majorFaultsPerSecond = CounterRate.perSecond(
            previous.stat.majorFaults,
            current.stat.majorFaults,
            seconds: seconds
        )
        func switches(_ status: PIDStatusSwitches?) -> UInt64? { status.map { $0.voluntary &+ $0.nonvoluntary } }
        self.contextSwitchesPerSecond = CounterRate.perSecond(
            switches(PIDStatusSwitches(previous)),
            switches(PIDStatusSwitches(current)),
            seconds: seconds
        )
    }
}

/// Voluntary and involuntary context switches, when status was read.
struct PIDStatusSwitches {
    var voluntary: UInt64
    var nonvoluntary: UInt64

    init?(_ process: ProcessSnapshot) {
        guard let voluntary = process.status?.voluntaryContextSwitches,
            let nonvoluntary = process.status?.nonvoluntaryContextSwitches
        else { return nil }
        self.voluntary = voluntary
        self.nonvoluntary = nonvoluntary
    }
}
