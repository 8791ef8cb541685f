/// Rates of one process between two snapshots (matched by PID and start time, so a reused PID is a new
/// process with no rate yet).
public struct ProcessRates: Sendable, Codable, Hashable {
    public var pid: Int32
    /// CPU in percent of one core — not capped: a process using 4 cores shows 400, like `top`.
    @CompactDouble public var cpuPercent: Double?
    @CompactDouble public var userPercent: Double?
    @CompactDouble public var systemPercent: Double?
    @CompactDouble public var readBytesPerSecond: Double?
    @CompactDouble public var writeBytesPerSecond: Double?
    @CompactDouble public var majorFaultsPerSecond: Double?
    @CompactDouble public var contextSwitchesPerSecond: Double?

    public init(previous: ProcessSnapshot, current: ProcessSnapshot, seconds: Double, clockTicksPerSecond: UInt64) {
        self.init(
            pid: current.pid,
            previous: Reading(previous),
            current: Reading(current),
            seconds: seconds,
            clockTicksPerSecond: clockTicksPerSecond
        )
    }

    init(pid: Int32, previous: Reading, current: Reading, seconds: Double, clockTicksPerSecond: UInt64) {
        self.pid = pid
        let ticks = Double(max(clockTicksPerSecond, 1))
        func percent(_ a: UInt64, _ b: UInt64) -> Double? {
            CounterRate.perSecond(a, b, seconds: seconds).map { $0 / ticks * 100 }
        }
        self.userPercent = percent(previous.utime, current.utime)
        self.systemPercent = percent(previous.stime, current.stime)
        self.cpuPercent = percent(previous.utime &+ previous.stime, current.utime &+ current.stime)
        self.readBytesPerSecond = CounterRate.perSecond(previous.readBytes, current.readBytes, seconds: seconds)
        self.writeBytesPerSecond = CounterRate.perSecond(previous.writeBytes, current.writeBytes, seconds: seconds)
        self.majorFaultsPerSecond = CounterRate.perSecond(previous.majorFaults, current.majorFaults, seconds: seconds)
        self.contextSwitchesPerSecond = CounterRate.perSecond(
            previous.contextSwitches,
            current.contextSwitches,
            seconds: seconds
        )
    }

    /// The few counters the rates need, read field by field from a process that stays where it is (copying a
    /// whole `ProcessSnapshot` retains a dozen strings and arrays, which cost more than the rates).
    struct Reading {
        var utime: UInt64
        var stime: UInt64
        var majorFaults: UInt64
        var readBytes: UInt64?
        var writeBytes: UInt64?
        /// Voluntary and involuntary together, when status was read.
        var contextSwitches: UInt64?

        init(_ process: borrowing ProcessSnapshot) {
            if case .packed(let packed) = process.representation {
                self = Self(packed)
                return
            }
            self.utime = process.stat.utime
            self.stime = process.stat.stime
            self.majorFaults = process.stat.majorFaults
            self.readBytes = process.io?.readBytes
            self.writeBytes = process.io?.writeBytes
            if let voluntary = process.status?.voluntaryContextSwitches,
                let nonvoluntary = process.status?.nonvoluntaryContextSwitches
            {
                self.contextSwitches = voluntary &+ nonvoluntary
            } else {
                self.contextSwitches = nil
            }
        }

        private static let lastCounter =
            [
                ProcessCounter.utime, .stime, .voluntaryContextSwitches, .nonvoluntaryContextSwitches, .readBytes,
                .writeBytes, .majorFaults,
            ].max { $0.rawValue < $1.rawValue } ?? .networkNamespace

        /// From the counter table, read in place up to the last counter needed.
        private init(_ packed: PackedProcess) {
            var utime: UInt64 = 0
            var stime: UInt64 = 0
            var majorFaults: UInt64 = 0
            var readBytes: UInt64?
            var writeBytes: UInt64?
            var voluntary: UInt64?
            var nonvoluntary: UInt64?
            packed.visit(upTo: Self.lastCounter.rawValue + 1) { index, value in
                switch ProcessCounter(rawValue: index) {
                case .utime: utime = value
                case .stime: stime = value
                case .voluntaryContextSwitches: voluntary = value
                case .nonvoluntaryContextSwitches: nonvoluntary = value
                case .readBytes: readBytes = value
                case .writeBytes: writeBytes = value
                case .majorFaults: majorFaults = value
                default: break
                }
            }
            self.utime = utime
            self.stime = stime
            self.majorFaults = majorFaults
            self.readBytes = readBytes
            self.writeBytes = writeBytes
            if let voluntary, let nonvoluntary {
                self.contextSwitches = voluntary &+ nonvoluntary
            } else {
                self.contextSwitches = nil
            }
        }
    }
}
