/// Which cgroup interface the numbers came from.
public enum CgroupVersion: String, Hashable, Sendable, Codable {
    case v1
    case v2
}

/// One container's (or pod's) cgroup counters in one shape, whether read from cgroup v1 or v2.
///
/// Counters are cumulative since the cgroup was created; the server derives rates. A field is nil when
/// the kernel does not provide it for this version or configuration (e.g. pressure on v1), never 0.
/// docs/metrics.md gives the source file of each field for both versions.
public struct CgroupStats: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {
        self.init(version: .v1)
    }

    public var version: CgroupVersion

    /// CPU time used (v2 `cpu.stat usage_usec` × 1000; v1 `cpuacct.usage`), nanoseconds.
    public var cpuUsageNanoseconds: UInt64?
    public var cpuUserNanoseconds: UInt64?
    public var cpuSystemNanoseconds: UInt64?
    /// CFS periods elapsed and periods in which the cgroup was throttled.
    public var cpuPeriods: UInt64?
    public var cpuThrottledPeriods: UInt64?
    /// Time throttled, nanoseconds.
    public var cpuThrottledNanoseconds: UInt64?
    /// CFS quota per period in µs; nil = no CPU limit.
    public var cpuQuotaMicroseconds: UInt64?
    public var cpuPeriodMicroseconds: UInt64?

    /// Memory charged to the cgroup, page cache included (v2 `memory.current`; v1 `memory.usage_in_bytes`).
    public var memoryUsageBytes: UInt64?
    /// The hard limit; nil = no limit.
    public var memoryLimitBytes: UInt64?
    /// Usage − inactive_file, floored at 0: what the kubelet evicts on and `kubectl top` shows.
    public var memoryWorkingSetBytes: UInt64?
    /// Anonymous memory (v2 `anon`; v1 `total_rss`).
    public var memoryRSSBytes: UInt64?
    /// Page cache (v2 `file`; v1 `total_cache`).
    public var memoryCacheBytes: UInt64?
    public var memoryInactiveFileBytes: UInt64?
    /// Swap used (v1 `total_swap` with swap accounting); nil when not accounted.
    public var memorySwapBytes: UInt64?
    /// Times usage hit the limit (v1 `memory.failcnt`; v2 `memory.events max`).
    public var memoryLimitHits: UInt64?
    /// OOM kills inside the cgroup (v2 `memory.events oom_kill`; v1 `memory.oom_control oom_kill`, 4.13+).
    public var oomKills: UInt64?

    /// Block I/O summed over devices (v2 `io.stat`; v1 `blkio.throttle.*`).
    public var ioReadBytes: UInt64?
    public var ioWriteBytes: UInt64?
    public var ioReadOps: UInt64?
    public var ioWriteOps: UInt64?

    public var pidsCurrent: UInt64?
    /// nil = no limit.
    public var pidsLimit: UInt64?

    /// PSI for the cgroup (v2 only; read from the unified hierarchy on hybrid hosts).
    public var cpuPressure: Pressure?
    public var memoryPressure: Pressure?
    public var ioPressure: Pressure?

    public init(version: CgroupVersion) {
        self.version = version
    }
}
