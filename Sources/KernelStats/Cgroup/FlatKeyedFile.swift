/// Any cgroup file in the flat-keyed format: one `key value` per line, values unsigned.
///
/// Used for (examples are real lines):
/// - v2 `cpu.stat`: `usage_usec 3047912`, `nr_throttled 12`, `throttled_usec 88123` (µs)
/// - v2 `memory.stat`: `anon 1081344`, `file 4096`, `inactive_file 4096` (bytes; `pg*` are events)
/// - v2 `memory.events`: `oom 0`, `oom_kill 1` (event counts)
/// - v1 `cpu.stat`: `nr_periods 30`, `nr_throttled 2`, `throttled_time 4000000` (ns)
/// - v1 `cpuacct.stat`: `user 120`, `system 31` (USER_HZ ticks)
/// - v1 `memory.stat`: `cache 4096`, `rss 1081344`, `total_inactive_file 0` (bytes)
/// - v1 `memory.oom_control`: `oom_kill_disable 0`, `under_oom 0`, `oom_kill 1`
public struct FlatKeyedFile: KernelFileParsable, Hashable, Codable {
    public static let fileName = "cgroup flat-keyed file"

    /// Every key → value.
    public var values: [String: UInt64]

    public init(values: [String: UInt64]) {
        self.values = values
    }

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.values = try FlatKeyed.dictionary(bytes, file: Self.fileName)
    }

    public subscript(key: String) -> UInt64? { self.values[key] }
}
