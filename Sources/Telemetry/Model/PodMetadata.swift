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

    public init(id: String = "", name: String = "") {
        self.id = id
        self.name = name
    }
}
