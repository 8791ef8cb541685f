/// The parts of a Kubernetes Node object Podwatch reads (`/api/v1/nodes` JSON; unknown fields ignored).
public struct KubeNode: Decodable, Sendable, Hashable {
    public var metadata: KubePod.ObjectMeta
    public var status: Status?

    public struct Status: Decodable, Sendable, Hashable {
        public var conditions: [Condition]?
        public var capacity: [String: String]?
        public var allocatable: [String: String]?
        public var nodeInfo: Info?
    }

    public struct Condition: Decodable, Sendable, Hashable {
        public var type: String
        public var status: String
        public var reason: String?
        public var message: String?
    }

    public struct Info: Decodable, Sendable, Hashable {
        public var kubeletVersion: String?
        public var containerRuntimeVersion: String?
        public var kernelVersion: String?
        public var osImage: String?
    }
}

/// A `Status` object: what the API server answers instead of the object on an error.
public struct KubeStatus: Decodable, Sendable, Hashable {
    public var code: Int?
    public var reason: String?
    public var message: String?
}

/// An object with metadata (pods, nodes): what a watch needs to track resourceVersions.
public protocol KubeObject: Decodable, Sendable {
    var metadata: KubePod.ObjectMeta { get }
}

extension KubePod: KubeObject {}
extension KubeNode: KubeObject {}
