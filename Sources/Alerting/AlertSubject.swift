/// One concrete thing a rule is evaluated on: a node, a pod or a container. Alert state is kept per
/// (rule id, subject key).
public struct AlertSubject: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case node
        case pod
        case container
    }

    public var kind: Kind
    /// The node's name (nodes), or the node that reports the pod. In the key: a pod's alerts belong to the node
    /// that reports it, so another node (an impostor, or the same name on two nodes during a reschedule) can
    /// neither resolve nor silence them.
    public var node: String
    public var namespace: String
    public var pod: String
    public var container: String
    /// The pod's owning workload, `Deployment/checkout` ("" when unknown): informational, not in the key, and
    /// what workload targets match.
    public var workload: String

    public init(
        kind: Kind,
        node: String = "",
        namespace: String = "",
        pod: String = "",
        container: String = "",
        workload: String = ""
    ) {
        self.kind = kind
        self.node = node
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.workload = workload
    }

    enum CodingKeys: String, CodingKey {
        case kind, node, namespace, pod, container, workload
    }

    /// Subjects stored before workloads existed decode with none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decode(Kind.self, forKey: .kind),
            node: try container.decode(String.self, forKey: .node),
            namespace: try container.decode(String.self, forKey: .namespace),
            pod: try container.decode(String.self, forKey: .pod),
            container: try container.decode(String.self, forKey: .container),
            workload: try container.decodeIfPresent(String.self, forKey: .workload) ?? ""
        )
    }

    public static func node(_ name: String) -> AlertSubject { AlertSubject(kind: .node, node: name) }

    public static func pod(node: String, namespace: String, pod: String, workload: String = "") -> AlertSubject {
        AlertSubject(kind: .pod, node: node, namespace: namespace, pod: pod, workload: workload)
    }

    public static func container(node: String, namespace: String, pod: String, container: String) -> AlertSubject {
        AlertSubject(kind: .container, node: node, namespace: namespace, pod: pod, container: container)
    }

    /// The identity of the subject: `node/alpha`, `pod/alpha/shop/api-7c9`, `container/alpha/shop/api-7c9/app`
    /// (node, namespace, pod, container). ``AlertSchema`` migration 2 rewrote keys stored before the node was in them.
    public var key: String {
        switch self.kind {
        case .node: "node/\(self.node)"
        case .pod: "pod/\(self.node)/\(self.namespace)/\(self.pod)"
        case .container: "container/\(self.node)/\(self.namespace)/\(self.pod)/\(self.container)"
        }
    }

    public var description: String {
        switch self.kind {
        case .node: "node \(self.node)"
        case .pod: "pod \(self.namespace)/\(self.pod)"
        case .container: "container \(self.container) of \(self.namespace)/\(self.pod)"
        }
    }
}

/// A metric's current value for one subject, as evaluation sees it. nil = unknown (no rate yet, no limit,
/// stale node): an unknown value never changes an alert's state.
public struct AlertSample: Sendable, Hashable {
    public var metric: String
    public var subject: AlertSubject
    public var value: Double?
    /// The pod's labels, for rules with a label selector (empty when no rule has one: not collected).
    public var labels: [String: String]

    public init(metric: String, subject: AlertSubject, value: Double?, labels: [String: String] = [:]) {
        self.metric = metric
        self.subject = subject
        self.value = value
        self.labels = labels
    }
}
