import KernelStats
import Telemetry

/// Every KernelStats parser, by the name `make fuzz` gives its corpus (seeded from the test fixtures). A
/// parser may reject any input with a KernelStatsError; it must never trap.
public enum KernelStatsInput: Sendable {
    public static let parsers: [(name: String, parse: @Sendable (ArraySlice<UInt8>) -> Bool)] = [
        ("pid-stat", { (try? PIDStat(parsing: $0)) != nil }),
        ("pid-status", { (try? PIDStatus(parsing: $0)) != nil }),
        ("pid-io", { (try? PIDIO(parsing: $0)) != nil }),
        ("pid-statm", { (try? PIDStatm(parsing: $0)) != nil }),
        ("pid-cmdline", { (try? PIDCmdline(parsing: $0)) != nil }),
        ("pid-cgroup", { (try? PIDCgroup(parsing: $0)) != nil }),
        ("pid-schedstat", { (try? PIDSchedstat(parsing: $0)) != nil }),
        ("stat", { (try? ProcStat(parsing: $0)) != nil }),
        ("meminfo", { (try? Meminfo(parsing: $0)) != nil }),
        ("vmstat", { (try? Vmstat(parsing: $0)) != nil }),
        ("loadavg", { (try? LoadAvg(parsing: $0)) != nil }),
        ("net-dev", { (try? NetDev(parsing: $0)) != nil }),
        ("diskstats", { (try? DiskStats(parsing: $0)) != nil }),
        ("pressure", { (try? Pressure(parsing: $0)) != nil }),
        ("single-value", { (try? SingleValue(parsing: $0)) != nil }),
        ("flat-keyed", { (try? FlatKeyedFile(parsing: $0)) != nil }),
        ("blkio-throttle", { (try? BlkioThrottle(parsing: $0)) != nil }),
        ("cpu-max", { (try? CPUMax(parsing: $0)) != nil }),
        ("io-stat", { (try? IOStat(parsing: $0)) != nil }),
        ("namespace-link", { NamespaceLink.parse($0) != nil }),
        ("cgroup-path", { ContainerIdentity(cgroupPath: String(decoding: $0, as: UTF8.self)) != nil }),
    ]

    /// Runs the parsers named `only` (all when nil) on one input; returns how many accepted it.
    @discardableResult
    public static func run(_ bytes: UnsafeBufferPointer<UInt8>, only: String? = nil) -> Int {
        let input = Array(bytes)[...]
        var accepted = 0
        for parser in self.parsers where (only == nil || parser.name == only) && parser.parse(input) {
            accepted += 1
        }
        return accepted
    }
}
