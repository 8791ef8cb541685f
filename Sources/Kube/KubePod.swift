/// The parts of a Kubernetes Pod object Podwatch reads (`/api/v1/pods` JSON; unknown fields ignored).
public struct KubePod: Decodable, Sendable, Hashable {
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public struct ObjectMeta: Decodable, Sendable, Hashable {
        public var name: String?
        public var namespace: String?
        public var uid: String?
        public var resourceVersion: String?
        public var labels: [String: String]?
        public var annotations: [String: String]?
        public var ownerReferences: [OwnerReference]?
    }

    public struct OwnerReference: Decodable, Sendable, Hashable {
        public var kind: String
        public var name: String
        public var controller: Bool?
    }

    public struct Spec: Decodable, Sendable, Hashable {
        public var nodeName: String?
        public var containers: [Container]?
        public var initContainers: [Container]?
    }

    public struct Container: Decodable, Sendable, Hashable {
        public var name: String
        public var image: String?
        public var resources: Resources?
    }

    public struct Resources: Decodable, Sendable, Hashable {
        public var requests: [String: String]?
        public var limits: [String: String]?
    }

    public struct Status: Decodable, Sendable, Hashable {
        public var phase: String?
        public var qosClass: String?
        public var reason: String?
        public var conditions: [Condition]?
        public var containerStatuses: [ContainerStatus]?
        public var initContainerStatuses: [ContainerStatus]?
    }

    public struct Condition: Decodable, Sendable, Hashable {
        public var type: String
        public var status: String
        public var reason: String?
    }

    public struct ContainerStatus: Decodable, Sendable, Hashable {
        public var name: String
        public var containerID: String?
        public var image: String?
        public var ready: Bool?
        public var restartCount: Int?
        public var state: ContainerState?
        public var lastState: ContainerState?
    }

    public struct ContainerState: Decodable, Sendable, Hashable {
        public var waiting: Reason?
        public var running: Running?
        public var terminated: Reason?
    }

    public struct Reason: Decodable, Sendable, Hashable {
        public var reason: String?
        public var exitCode: Int?
    }

    public struct Running: Decodable, Sendable, Hashable {
        public var startedAt: String?
    }
}

/// A list answer (`PodList`): its resourceVersion is where the watch starts.
public struct KubeList<Item: Decodable & Sendable>: Decodable, Sendable {
    public struct ListMeta: Decodable, Sendable {
        public var resourceVersion: String?
        /// Set when the list was cut at `limit`: pass it back as `continue` for the next page.
        public var continueToken: String?

        public init(resourceVersion: String?, continueToken: String? = nil) {
            self.resourceVersion = resourceVersion
            self.continueToken = continueToken
        }

        enum CodingKeys: String, CodingKey {
            case resourceVersion
            case continueToken = "continue"
        }
    }

    public var metadata: ListMeta
    public var items: [Item]

    public init(metadata: ListMeta, items: [Item]) {
        self.metadata = metadata
        self.items = items
    }
}
