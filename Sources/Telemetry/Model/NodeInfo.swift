/// What the Kubernetes API says about the node itself (its Node object), and whether the agent can reach the
/// API at all. Absent when the agent runs without the API (dev mode, `--no-kubernetes`).
public struct NodeInfo: Sendable, Codable, Hashable {
    /// Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable (and any other the node reports).
    public var conditions: [NodeCondition] = []
    public var cpuCapacityMillicores: Int64?
    public var memoryCapacityBytes: Int64?
    public var podsCapacity: Int64?
    public var cpuAllocatableMillicores: Int64?
    public var memoryAllocatableBytes: Int64?
    public var podsAllocatable: Int64?
    public var kubeletVersion: String = ""
    public var containerRuntimeVersion: String = ""
    /// Why the agent's view of the API may be out of date ("" when the watches are healthy): the last error,
    /// e.g. `GET /api/v1/pods: 401 Unauthorized`. Metrics keep flowing with the last known names meanwhile.
    public var apiError: String = ""
    /// The kubelet's own view (health, eviction thresholds, filesystems); nil without kubelet access.
    public var kubelet: KubeletStatus?
    /// The Node object's labels, sorted by key (zone, instance type, node pool, …).
    public var labels: [Label] = []

    public init() {}

    /// Whether the node is Ready; nil when the node has not reported the condition.
    public var isReady: Bool? {
        self.conditions.first { $0.type == "Ready" }.map { $0.status == "True" }
    }

    /// The conditions that are wrong: Ready not True, or any other condition True (pressure, network).
    public var problems: [NodeCondition] {
        self.conditions.filter { $0.type == "Ready" ? $0.status != "True" : $0.status == "True" }
    }
}

/// One node condition as the API reports it.
public struct NodeCondition: Sendable, Codable, Hashable {
    /// `Ready`, `MemoryPressure`, `DiskPressure`, `PIDPressure`, `NetworkUnavailable`, …
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    public var reason: String = ""
    public var message: String = ""

    public init() {
        self.init(type: "", status: "")
    }

    public init(type: String, status: String, reason: String = "", message: String = "") {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
    }
}
