/// The node's CPU time per state, for all CPUs and each one, plus scheduler counters (`/proc/stat`).
///
/// Units: CPU fields in USER_HZ ticks (normally 1/100 s); `bootTime` in seconds since the epoch.
public struct ProcStat: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {}

    /// The `cpu` line: all CPUs together.
    public var total: CPUTimes = CPUTimes()
    /// The `cpuN` lines, indexed by N (offline CPUs are absent, so N is kept).
    public var perCPU: [Int: CPUTimes] = [:]
    /// Context switches since boot (`ctxt`).
    public var contextSwitches: UInt64?
    /// Interrupts serviced since boot (first number of `intr`).
    public var interrupts: UInt64?
    /// Softirqs serviced since boot (first number of `softirq`).
    public var softirqs: UInt64?
    /// Boot time, seconds since the epoch (`btime`).
    public var bootTime: UInt64?
    /// Forks since boot (`processes`).
    public var processesCreated: UInt64?
    /// Runnable tasks now (`procs_running`).
    public var processesRunning: UInt64?
    /// Tasks blocked on I/O now (`procs_blocked`).
    public var processesBlocked: UInt64?
}
