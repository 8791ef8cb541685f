/// The stable metric names rules can use (docs/api.md). Every value is a level or a per-second rate —
/// never a cumulative total.
public struct AlertMetric: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Scope: String, Sendable, Codable {
        case node
        case pod
    }

    public let name: String
    public let scope: Scope
    public let unit: String
    public let summary: String

    public var description: String { self.name }

    public static let nodeCPUPercent = AlertMetric(
        name: "node.cpu.percent",
        scope: .node,
        unit: "%",
        summary: "CPU busy (100 − idle − iowait)"
    )
    public static let nodeMemoryPercent = AlertMetric(
        name: "node.memory.percent",
        scope: .node,
        unit: "%",
        summary: "(MemTotal − MemAvailable) / MemTotal"
    )
    public static let nodeNetworkMBps = AlertMetric(
        name: "node.network.mbps",
        scope: .node,
        unit: "MB/s",
        summary: "rx + tx over non-loopback interfaces, 10⁶ bytes/s"
    )
    public static let nodeDiskMBps = AlertMetric(
        name: "node.disk.mbps",
        scope: .node,
        unit: "MB/s",
        summary: "read + write over whole disks, 10⁶ bytes/s"
    )
    public static let nodeLoad1 = AlertMetric(
        name: "node.load1",
        scope: .node,
        unit: "",
        summary: "1-minute load average"
    )
    public static let nodeNoData = AlertMetric(
        name: "node.nodata",
        scope: .node,
        unit: "s",
        summary: "seconds since the node's last snapshot; fires past the TTL"
    )
    /// 1 when the node's Ready condition is not True (NotReady or Unknown), 0 when it is; unknown without the API.
    public static let nodeNotReady = AlertMetric(
        name: "node.condition.not_ready",
        scope: .node,
        unit: "",
        summary: "1 while the node's Ready condition is not True (Kubernetes API)"
    )
    public static let nodeMemoryPressure = Self.condition("memory_pressure", "MemoryPressure")
    public static let nodeDiskPressure = Self.condition("disk_pressure", "DiskPressure")
    public static let nodePIDPressure = Self.condition("pid_pressure", "PIDPressure")
    public static let nodeNetworkUnavailable = Self.condition("network_unavailable", "NetworkUnavailable")

    /// `node.condition.<name>`: 1 while the node condition `type` is True.
    static func condition(_ name: String, _ type: String) -> AlertMetric {
        AlertMetric(
            name: "node.condition.\(name)",
            scope: .node,
            unit: "",
            summary: "1 while the node's \(type) condition is True (Kubernetes API)"
        )
    }

    /// The Kubernetes condition type behind a `node.condition.*` metric (`Ready` for not_ready).
    public static let conditionTypes: [String: String] = [
        nodeNotReady.name: "Ready", nodeMemoryPressure.name: "MemoryPressure", nodeDiskPressure.name: "DiskPressure",
        nodePIDPressure.name: "PIDPressure", nodeNetworkUnavailable.name: "NetworkUnavailable",
    ]

    public static let nodeFilesystemPercent = AlertMetric(
        name: "node.fs.percent",
        scope: .node,
        unit: "%",
        summary: "node filesystem used / capacity (kubelet /stats/summary)"
    )
    /// 1 while the kubelet's `/healthz` and `/healthz/syncloop` answer `ok`, 0 while either says it is unhealthy
    /// (a rule fires below 1); unknown while neither could be read.
    public static let nodeKubeletHealthy = AlertMetric(
        name: "node.kubelet.healthy",
        scope: .node,
        unit: "",
        summary: "1 while the kubelet's /healthz and /healthz/syncloop answer ok, 0 while either fails"
    )
    /// The eviction signal closest to its hard threshold.
    public static let nodeEvictionHeadroom = AlertMetric(
        name: "node.eviction.headroom_percent",
        scope: .node,
        unit: "%",
        summary: "(available − hard threshold) / capacity of the signal closest to eviction; ≤ 0 while evicting"
    )
    /// The kubelet's eviction signals, one headroom metric each.
    public static let evictionSignals = [
        "memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree",
        "pid.available",
    ]
    /// `node.eviction.<signal>.headroom_percent` → the signal.
    public static let evictionSignalMetrics: [String: String] = Dictionary(
        uniqueKeysWithValues: Self.evictionSignals.map { ("node.eviction.\($0).headroom_percent", $0) }
    )
    static let evictionSignalMetricList = Self.evictionSignals.map { signal in
        AlertMetric(
            name: "node.eviction.\(signal).headroom_percent",
            scope: .node,
            unit: "%",
            summary: "(\(signal) − its hard threshold) / capacity (kubelet /configz, the node's reading)"
        )
    }

    public static let podNotReady = AlertMetric(
        name: "pod.not_ready",
        scope: .pod,
        unit: "",
        summary: "1 while the pod (or the container) is not Ready (Kubernetes API; a Succeeded pod counts as ready)"
    )
    public static let podProbeFailures = AlertMetric(
        name: "pod.probe.failures",
        scope: .pod,
        unit: "",
        summary: "liveness, readiness and startup probe failures in about the last minute (kubelet /metrics/probes)"
    )
    public static let podRunqueueP99 = AlertMetric(
        name: "pod.runqueue.p99_ms",
        scope: .pod,
        unit: "ms",
        summary: "99th percentile of the time runnable threads waited for a CPU since the last pass (eBPF)"
    )
    public static let podRetransmitsPerSecond = AlertMetric(
        name: "pod.tcp.retransmits_per_s",
        scope: .pod,
        unit: "/s",
        summary: "TCP retransmits of the pod's network namespace per second (eBPF)"
    )
    public static let podOOMKill = AlertMetric(
        name: "pod.oom_kill",
        scope: .pod,
        unit: "",
        summary:
            "OOM kills since the last pass, each seen as it happened (eBPF); the cgroup counter's difference without eBPF"
    )
    public static let podExecsPerSecond = AlertMetric(
        name: "pod.exec_per_s",
        scope: .pod,
        unit: "/s",
        summary: "processes exec'd per second, those that lived less than a pass included (eBPF)"
    )
    public static let podCPUCores = AlertMetric(
        name: "pod.cpu.cores",
        scope: .pod,
        unit: "cores",
        summary: "CPU used by all containers"
    )
    public static let podCPULimitPercent = AlertMetric(
        name: "pod.cpu.limit_percent",
        scope: .pod,
        unit: "%",
        summary: "CPU used / CPU limit (pods whose every container has a limit)"
    )
    public static let podMemoryLimitPercent = AlertMetric(
        name: "pod.memory.limit_percent",
        scope: .pod,
        unit: "%",
        summary: "working set / memory limit"
    )
    public static let podCPUThrottledPercent = AlertMetric(
        name: "pod.cpu.throttled_percent",
        scope: .pod,
        unit: "%",
        summary: "share of CFS periods throttled (worst container)"
    )
    public static let podOOMKills = AlertMetric(
        name: "pod.oom_kills",
        scope: .pod,
        unit: "",
        summary: "OOM kills since the previous snapshot"
    )
    public static let podRestarts = AlertMetric(
        name: "pod.restarts",
        scope: .pod,
        unit: "",
        summary: "container restarts since the previous evaluation (restart counts from the Kubernetes API)"
    )
    public static let podNetworkMBps = AlertMetric(
        name: "pod.network.mbps",
        scope: .pod,
        unit: "MB/s",
        summary: "rx + tx of the pod's network namespace, 10⁶ bytes/s"
    )
    public static let podDiskMBps = AlertMetric(
        name: "pod.disk.mbps",
        scope: .pod,
        unit: "MB/s",
        summary: "cgroup block I/O read + write, 10⁶ bytes/s"
    )

    /// Every metric, by name.
    public static let all: [String: AlertMetric] = Dictionary(
        uniqueKeysWithValues: [
            nodeCPUPercent, nodeMemoryPercent, nodeNetworkMBps, nodeDiskMBps, nodeLoad1, nodeNoData, nodeNotReady,
            nodeMemoryPressure, nodeDiskPressure, nodePIDPressure, nodeNetworkUnavailable, podCPUCores,
            podCPULimitPercent, podMemoryLimitPercent, podCPUThrottledPercent, podOOMKills, podRestarts,
            podNotReady, podNetworkMBps, podDiskMBps, nodeKubeletHealthy, nodeEvictionHeadroom, nodeFilesystemPercent,
            podProbeFailures, podRunqueueP99, podRetransmitsPerSecond, podOOMKill, podExecsPerSecond,
        ].map { ($0.name, $0) } + evictionSignalMetricList.map { ($0.name, $0) }
    )
}
