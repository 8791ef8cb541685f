/// Where an object lives in the Kubernetes REST API: `/api/v1/namespaces/NS/services/NAME`,
/// `/apis/apps/v1/namespaces/NS/daemonsets/NAME`, `/apis/rbac.authorization.k8s.io/v1/clusterroles/NAME`.
enum ResourcePath {
    /// The kinds the manifests hold: plural and whether they are namespaced.
    static let kinds: [String: (plural: String, namespaced: Bool)] = [
        "Namespace": ("namespaces", false), "ServiceAccount": ("serviceaccounts", true),
        "ClusterRole": ("clusterroles", false), "ClusterRoleBinding": ("clusterrolebindings", false),
        "Role": ("roles", true), "RoleBinding": ("rolebindings", true), "Service": ("services", true),
        "Deployment": ("deployments", true), "DaemonSet": ("daemonsets", true), "Secret": ("secrets", true),
        "ConfigMap": ("configmaps", true), "NetworkPolicy": ("networkpolicies", true),
        "Ingress": ("ingresses", true), "PersistentVolumeClaim": ("persistentvolumeclaims", true),
        "StatefulSet": ("statefulsets", true), "PodDisruptionBudget": ("poddisruptionbudgets", true),
    ]

    /// The path, and how kubectl names the object (`daemonset.apps/podwatch-agent`).
    static func of(_ object: JSONValue) throws -> (path: String, label: String) {
        guard let apiVersion = object["apiVersion"]?.string, let kind = object["kind"]?.string,
            let name = object["metadata"]?["name"]?.string
        else { throw CLIError(.usage, "a manifest object without apiVersion, kind or metadata.name") }
        guard let (plural, namespaced) = Self.kinds[kind] else {
            throw CLIError(.usage, "podwatch install does not know the kind \(kind)")
        }
        let parts = apiVersion.split(separator: "/").map(String.init)
        let group = parts.count == 2 ? parts[0] : ""
        var path = group.isEmpty ? "/api/\(apiVersion)" : "/apis/\(apiVersion)"
        if namespaced {
            guard let namespace = object["metadata"]?["namespace"]?.string else {
                throw CLIError(.usage, "\(kind) \(name) has no metadata.namespace")
            }
            path += "/namespaces/\(namespace)"
        }
        path += "/\(plural)/\(name)"
        return (path, "\(kind.lowercased())\(group.isEmpty ? "" : "." + group)/\(name)")
    }
}
