/// The node's run-queue averages and task counts, as `/proc/loadavg` gives them.
public struct LoadAvg: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {}

    public var load1: Double = 0
    public var load5: Double = 0
    public var load15: Double = 0
    /// Runnable scheduling entities now.
    public var runnable: UInt64 = 0
    /// Scheduling entities (threads) that exist.
    public var entities: UInt64 = 0
    /// The most recently allocated PID.
    public var lastPID: UInt64 = 0
}
