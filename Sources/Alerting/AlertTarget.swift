public import LabelSelection

/// What a rule watches: nodes (one by name or all), or pods — or one container of them — selected by namespace
/// (`*`: every namespace), pod-name prefix and label selector, so that the rule survives a rollout (new pods get
/// new suffixes, not new prefixes, and keep their labels).
///
/// JSON (docs/api.md): `{"kind":"node","node":"alpha"}`, `{"kind":"pods","namespace":"shop","pod_prefix":"api-"}`,
/// `{"kind":"pods","selector":"app=checkout,tier!=canary"}` (namespace `*` when absent),
/// `{"kind":"containers","namespace":"shop","pod_prefix":"api-","container":"app"}`,
/// `{"kind":"workload","namespace":"shop","workload_kind":"Deployment","workload":"checkout"}`.
public enum AlertTarget: Sendable, Hashable {
    /// A node by name, or every node with `*`.
    case node(String)
    /// Pods in `namespace` (`*`: any) whose name starts with `podPrefix` (any name when empty) and whose labels
    /// match `selector` (any labels when empty).
    case pods(namespace: String, podPrefix: String, selector: LabelSelector = LabelSelector())
    /// The container named `container` in the pods `.pods(namespace, podPrefix)` selects.
    case containers(namespace: String, podPrefix: String, container: String)
    /// Every pod of one owning workload (a Deployment through its ReplicaSets, a StatefulSet, a DaemonSet, a Job,
    /// a CronJob through its Jobs), as the Kubernetes API names the owner.
    case workload(namespace: String, kind: String, name: String)

    public func matches(node name: String) -> Bool {
        guard case .node(let wanted) = self else { return false }
        return wanted == "*" || wanted == name
    }

    /// Whether a rule on `wanted` covers `namespace`.
    static func covers(_ wanted: String, _ namespace: String) -> Bool { wanted == "*" || wanted == namespace }

    public func matches(
        namespace: String,
        pod: String,
        workload: String = "",
        labels: [String: String] = [:]
    ) -> Bool {
        switch self {
        case .pods(let wanted, let prefix, let selector):
            Self.covers(wanted, namespace) && pod.hasPrefix(prefix) && selector.matches(labels)
        case .workload(let wanted, let kind, let name): wanted == namespace && workload == "\(kind)/\(name)"
        default: false
        }
    }

    public func matches(namespace: String, pod: String, container: String) -> Bool {
        guard case .containers(let wanted, let prefix, let name) = self else { return false }
        return Self.covers(wanted, namespace) && pod.hasPrefix(prefix) && name == container
    }

    /// Whether `subject` (whose pod carries `labels`) is one of the things this target selects.
    public func matches(_ subject: AlertSubject, labels: [String: String] = [:]) -> Bool {
        switch subject.kind {
        case .node: self.matches(node: subject.node)
        case .pod:
            self.matches(namespace: subject.namespace, pod: subject.pod, workload: subject.workload, labels: labels)
        case .container: self.matches(namespace: subject.namespace, pod: subject.pod, container: subject.container)
        }
    }

    /// For tables and messages: `node alpha`, `pods shop/api-*`, `container app of shop/api-*`.
    public var summary: String {
        switch self {
        case .node("*"): "every node"
        case .node(let name): "node \(name)"
        case .pods(let namespace, let prefix, let selector) where !selector.isEmpty:
            "pods \(namespace)/\(prefix)* with \(selector)"
        case .pods(let namespace, let prefix, _): "pods \(namespace)/\(prefix)*"
        case .containers(let namespace, let prefix, let container): "container \(container) of \(namespace)/\(prefix)*"
        case .workload(let namespace, let kind, let name): "pods of \(kind) \(namespace)/\(name)"
        }
    }
}

extension AlertTarget: Codable {
    enum CodingKeys: String, CodingKey {
        case kind
        case node
        case namespace
        case podPrefix = "pod_prefix"
        case container
        case workloadKind = "workload_kind"
        case workload
        case selector
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "node":
            self = .node(try container.decode(String.self, forKey: .node))
        case "pods":
            let text = try container.decodeIfPresent(String.self, forKey: .selector) ?? ""
            let selector: LabelSelector
            do throws(LabelSelectorError) {
                selector = try LabelSelector(parsing: text)
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .selector,
                    in: container,
                    debugDescription: error.message
                )
            }
            self = .pods(
                namespace: try container.decodeIfPresent(String.self, forKey: .namespace) ?? "*",
                podPrefix: try container.decodeIfPresent(String.self, forKey: .podPrefix) ?? "",
                selector: selector
            )
        case "containers":
            self = .containers(
                namespace: try container.decode(String.self, forKey: .namespace),
                podPrefix: try container.decodeIfPresent(String.self, forKey: .podPrefix) ?? "",
                container: try container.decode(String.self, forKey: .container)
            )
        case "workload":
            self = .workload(
                namespace: try container.decode(String.self, forKey: .namespace),
                kind: try container.decode(String.self, forKey: .workloadKind),
                name: try container.decode(String.self, forKey: .workload)
            )
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind,
                in: container,
                debugDescription: "'\(kind.prefix(40))' is not one of node, pods, containers, workload"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .node(let name):
            try container.encode("node", forKey: .kind)
            try container.encode(name, forKey: .node)
        case .pods(let namespace, let prefix, let selector):
            try container.encode("pods", forKey: .kind)
            try container.encode(namespace, forKey: .namespace)
            try container.encode(prefix, forKey: .podPrefix)
            // Written only when set: rules without one keep the JSON they always had.
            if !selector.isEmpty { try container.encode(selector.description, forKey: .selector) }
        case .containers(let namespace, let prefix, let name):
            try container.encode("containers", forKey: .kind)
            try container.encode(namespace, forKey: .namespace)
            try container.encode(prefix, forKey: .podPrefix)
            try container.encode(name, forKey: .container)
        case .workload(let namespace, let kind, let name):
            try container.encode("workload", forKey: .kind)
            try container.encode(namespace, forKey: .namespace)
            try container.encode(kind, forKey: .workloadKind)
            try container.encode(name, forKey: .workload)
        }
    }
}
