/// What the agent knows about a pod beyond its cgroups: names and state. Filled from the Kubernetes API
/// (or by the dev simulation); pods the API has not named yet are shown by UID.
public struct PodMetadata: Sendable, Codable, Hashable {
    public var uid: String
    public var namespace: String
    public var name: String
    /// Phase as the API reports it (`Running`, `Pending`, …).
    public var phase: String
    /// Container ID → container name.
    public var containers: [ContainerName]
    /// The owning workload: `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `CronJob`, … ("" for a bare pod).
    public var ownerKind: String = ""
    public var ownerName: String = ""
    /// `Guaranteed`, `Burstable`, `BestEffort` ("" when unknown).
    public var qosClass: String = ""
    /// Pod-level reason (`Evicted`, …).
    public var reason: String = ""
    public var ready: Bool = false
    /// A static pod (joined by its `kubernetes.io/config.hash`).
    public var isStatic: Bool = false
    /// The pod's labels, sorted by key (``Label``).
    public var labels: [Label] = []
    /// The annotations the agent was told to carry (`--pod-annotation`), sorted by key.
    public var annotations: [Label] = []

    public init(
        uid: String = "",
        namespace: String = "",
        name: String = "",
        phase: String = "",
        containers: [ContainerName] = []
    ) {
        self.uid = uid
        self.namespace = namespace
        self.name = name
        self.phase = phase
        self.containers = containers
    }
}

/// A container's ID and name within its pod.
public struct ContainerName: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var image: String = ""
    public var restartCount: UInt32 = 0
    /// `running`, `waiting`, `terminated` ("" when unknown).
    public var state: String = ""
    /// `CrashLoopBackOff`, `ImagePullBackOff`, `OOMKilled`, `Completed`, …
    public var reason: String = ""
    public var lastTerminationReason: String = ""
    public var ready: Bool = false
    public var isInit: Bool = false
    public var cpuRequestMillicores: Int64?
    public var cpuLimitMillicores: Int64?
    public var memoryRequestBytes: Int64?
    public var memoryLimitBytes: Int64?
    /// `ephemeral-storage` request and limit: past its limit the kubelet evicts the pod.
    public var ephemeralStorageRequestBytes: Int64?
    public var ephemeralStorageLimitBytes: Int64?

    public init(id: String = "", name: String = "") {
        self.id = id
        self.name = name
    }
}
