import NodeStore

extension PodRow {
    /// The pod page (on the node that reports it).
    var path: String {
        "/nodes/\(HTML.segment(self.node))/pods/\(HTML.segment(self.namespace))/\(HTML.segment(self.name))"
    }

    /// The workload page, or nil for a bare pod.
    var workloadPath: String? {
        guard !self.workloadKind.isEmpty else { return nil }
        return ClusterPaths.workload(namespace: self.namespace, kind: self.workloadKind, name: self.workloadName)
    }
}

/// Where the cluster pages live.
enum ClusterPaths {
    static func namespace(_ name: String) -> String { "/namespaces/\(HTML.segment(name))" }

    static func workload(namespace: String, kind: String, name: String) -> String {
        "/workloads/\(HTML.segment(namespace))/\(HTML.segment(kind))/\(HTML.segment(name))"
    }

    /// A search for pods carrying `key=value`.
    static func label(_ key: String, _ value: String) -> String { "/pods?q=\(HTML.segment("\(key)=\(value)"))" }
}
