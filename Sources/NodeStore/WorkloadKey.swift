/// A workload as the API names it: namespace, owner kind (`Deployment`, …) and name.
public struct WorkloadKey: Sendable, Hashable {
    public var namespace: String
    public var kind: String
    public var name: String

    public init(namespace: String, kind: String, name: String) {
        self.namespace = namespace
        self.kind = kind
        self.name = name
    }
}

extension PodRow {
    /// The pod's workload, nil for a bare pod.
    public var workloadKey: WorkloadKey? {
        self.workloadKind.isEmpty
            ? nil : WorkloadKey(namespace: self.namespace, kind: self.workloadKind, name: self.workloadName)
    }
}
