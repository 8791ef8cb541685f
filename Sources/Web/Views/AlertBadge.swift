import Alerting
import NodeStore

/// The "firing" badge on node cards and pod rows, coloured by the highest severity firing there.
enum AlertBadge {
    static func html(_ severity: AlertSeverity?) -> HTML {
        guard let severity else { return "" }
        return
            " <a class=\"badge alert-\(severity.rawValue)\" href=\"/alerts\" title=\"\(severity.rawValue) alert firing\">alert</a>"
    }

    /// A pod's badge on `node`: the pod itself or any of its containers.
    static func pod(_ pod: PodSummary, node: String, _ firing: [String: AlertSeverity]) -> HTML {
        guard !firing.isEmpty else { return "" }
        let keys =
            [AlertSubject.pod(node: node, namespace: pod.namespace, pod: pod.name).key]
            + pod.containers.map {
                AlertSubject.container(node: node, namespace: pod.namespace, pod: pod.name, container: $0.name).key
            }
        let severities = keys.compactMap { firing[$0] }
        return Self.html(severities.max())
    }
}
