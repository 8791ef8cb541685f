/// One container (or the pod-level cgroup) with its cgroup counters and every process in it.
public struct ContainerSnapshot: Sendable, Codable, Hashable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {
        self.init(identity: ContainerIdentity())
    }

    /// Pod UID, container ID, runtime and QoS class as read from the cgroup path.
    public var identity: ContainerIdentity
    /// The cgroup directory the counters came from (v2 path, or the v1 memory path).
    public var cgroupPath: String?
    /// Cgroup counters; nil when the cgroup could not be read (see the snapshot's errors). Held packed (the server
    /// keeps one per container of every node; ``CgroupStats`` is ~600 bytes inline): each read unpacks, so read it
    /// once per use.
    public var cgroup: CgroupStats? {
        get { self.packedCgroup?.stats }
        set { self.packedCgroup = newValue.map { PackedCgroup($0) } }
    }
    /// The packed counters, for reading one in place (``PackedCgroup/value(_:)``).
    package private(set) var packedCgroup: PackedCgroup?
    /// The network namespace of the container's processes (shared by the pod).
    public var networkNamespace: UInt64?
    /// Every process of the container.
    public var processes: [ProcessSnapshot]
    /// The pod's sandbox (pause) container: shown, but kept out of the pod's totals.
    public var isSandbox: Bool = false

    public init(
        identity: ContainerIdentity,
        cgroupPath: String? = nil,
        cgroup: CgroupStats? = nil,
        networkNamespace: UInt64? = nil,
        processes: [ProcessSnapshot] = []
    ) {
        self.identity = identity
        self.cgroupPath = cgroupPath
        self.packedCgroup = cgroup.map { PackedCgroup($0) }
        self.networkNamespace = networkNamespace
        self.processes = processes
    }

    private enum CodingKeys: String, CodingKey {
        case identity, cgroupPath, cgroup, networkNamespace, processes, isSandbox
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            identity: try container.decode(ContainerIdentity.self, forKey: .identity),
            cgroupPath: try container.decodeIfPresent(String.self, forKey: .cgroupPath),
            cgroup: try container.decodeIfPresent(CgroupStats.self, forKey: .cgroup),
            networkNamespace: try container.decodeIfPresent(UInt64.self, forKey: .networkNamespace),
            processes: try container.decode([ProcessSnapshot].self, forKey: .processes)
        )
        self.isSandbox = try container.decode(Bool.self, forKey: .isSandbox)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.identity, forKey: .identity)
        try container.encodeIfPresent(self.cgroupPath, forKey: .cgroupPath)
        try container.encodeIfPresent(self.cgroup, forKey: .cgroup)
        try container.encodeIfPresent(self.networkNamespace, forKey: .networkNamespace)
        try container.encode(self.processes, forKey: .processes)
        try container.encode(self.isSandbox, forKey: .isSandbox)
    }

    /// The key the server joins on: pod UID and container ID (empty for the pod-level cgroup).
    public var key: ContainerKey {
        ContainerKey(podUID: self.identity.podUID, containerID: self.identity.containerID ?? "")
    }
}

/// Pod UID + container ID: unique on a node and across restarts of a pod's containers.
public struct ContainerKey: Sendable, Codable, Hashable, Comparable {
    public var podUID: String
    public var containerID: String

    public init(podUID: String, containerID: String) {
        self.podUID = podUID
        self.containerID = containerID
    }

    public static func < (lhs: ContainerKey, rhs: ContainerKey) -> Bool {
        (lhs.podUID, lhs.containerID) < (rhs.podUID, rhs.containerID)
    }
}

extension ContainerSnapshot {
    /// How pages and profiles name the container: the API's name when known, else `(sandbox)`, `(pod cgroup)`
    /// for processes directly in the pod cgroup, or the container ID's first 12 digits.
    public func displayName(apiName: String?) -> String {
        if let apiName { return apiName }
        let id = self.identity.containerID ?? ""
        return self.isSandbox ? "(sandbox)" : id.isEmpty ? "(pod cgroup)" : String(id.prefix(12))
    }
}
