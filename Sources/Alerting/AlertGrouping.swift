/// How a rule's alerts are grouped into notifications (`group_by`), as Alertmanager groups them: one message
/// per (rule, group) naming how many fire, instead of one per alert.
public enum AlertGrouping: String, Sendable, Codable, CaseIterable {
    case node
    case namespace
    case workload

    /// The group an alert of `subject` belongs to: `namespace shop`, `node alpha`, `Deployment shop/checkout`.
    /// Node subjects group by node under `node`, and all together otherwise.
    public func key(_ subject: AlertSubject) -> String {
        switch (self, subject.kind) {
        case (.node, _): "node \(subject.node)"
        case (_, .node): "all nodes"
        case (.namespace, _): "namespace \(subject.namespace)"
        case (.workload, _):
            subject.workload.isEmpty
                ? "pod \(subject.namespace)/\(subject.pod)" : "\(subject.workload) in \(subject.namespace)"
        }
    }
}
