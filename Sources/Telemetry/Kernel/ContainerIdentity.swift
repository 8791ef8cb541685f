/// The pod QoS class, from the cgroup hierarchy the kubelet built.
public enum QOSClass: String, Hashable, Sendable, Codable {
    case guaranteed = "Guaranteed"
    case burstable = "Burstable"
    case bestEffort = "BestEffort"
}

/// The container runtime that named the cgroup, when the name says so.
public enum ContainerRuntime: String, Hashable, Sendable, Codable {
    case containerd
    case crio = "cri-o"
    case docker
    /// A bare 64-hex cgroup name (cgroupfs driver): any runtime.
    case unknown
}

/// Which pod and container a process belongs to: what KernelStats reads from its cgroup path.
/// A process directly in a pod's cgroup has a pod UID and no container ID.
public struct ContainerIdentity: Hashable, Sendable, Codable {
    /// An empty value, for decoders that fill fields one by one.
    public init() {
        self.init(podUID: "", qosClass: .bestEffort, runtime: .unknown, containerID: nil)
    }

    /// The pod UID with dashes (systemd slices write `_`), or the 32-hex config hash of a static pod.
    public var podUID: String
    public var qosClass: QOSClass
    public var runtime: ContainerRuntime
    /// The 64-hex container ID; nil for a process directly in the pod cgroup.
    public var containerID: String?

    public init(podUID: String, qosClass: QOSClass, runtime: ContainerRuntime, containerID: String?) {
        self.podUID = podUID
        self.qosClass = qosClass
        self.runtime = runtime
        self.containerID = containerID
    }
}
