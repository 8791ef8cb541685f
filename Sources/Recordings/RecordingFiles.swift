/// The CSV files of a recording, one per level, and their columns (kubemon's: the raw counters as read and their
/// rates; the unit is the last word of each column's name).
public enum RecordingFiles: Sendable {
    public static let nodes = "nodes.csv"
    public static let containers = "containers.csv"
    public static let processes = "processes.csv"
    public static let metadata = "recording.json"

    public static let nodeColumns = [
        "time_ms", "node", "cpu_user_ticks", "cpu_system_ticks", "cpu_idle_ticks", "cpu_iowait_ticks",
        "cpu_busy_percent", "memory_total_bytes", "memory_available_bytes", "memory_used_percent", "load1",
        "network_receive_bytes", "network_transmit_bytes", "network_bytes_per_s", "disk_read_bytes",
        "disk_written_bytes", "disk_bytes_per_s", "processes_count",
    ]

    public static let containerColumns = [
        "time_ms", "node", "namespace", "pod", "pod_uid", "container", "cpu_usage_ns", "cpu_cores",
        "cpu_throttled_periods_count", "cpu_throttled_seconds_per_s", "memory_working_set_bytes",
        "memory_rss_bytes", "memory_cache_bytes", "memory_limit_bytes", "io_read_bytes", "io_write_bytes",
        "io_read_bytes_per_s", "io_write_bytes_per_s", "pids_count", "oom_kills_count",
    ]

    public static let processColumns = [
        "time_ms", "node", "namespace", "pod", "container", "pid", "comm", "state", "utime_ticks", "stime_ticks",
        "cpu_percent", "rss_bytes", "threads_count", "read_bytes", "write_bytes", "read_bytes_per_s",
        "write_bytes_per_s", "voluntary_switches_count", "involuntary_switches_count",
    ]
}
