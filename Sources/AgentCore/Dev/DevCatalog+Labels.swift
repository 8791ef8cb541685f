import Telemetry

/// The labels the dev simulation's pods and nodes carry, shaped like a real cluster's: `app` and the
/// recommended `app.kubernetes.io/*` keys on pods, with a `tier` and a `track` (one canary per node for the web
/// tier); zone, instance type and hostname on nodes. Enough to try label search and label rules with
/// `make agents`.
extension DevCatalog {
    static func labels(of pod: PodSpec, owner: (kind: String, name: String)) -> [Label] {
        let app = owner.name.isEmpty ? pod.name : owner.name
        let tier =
            switch pod.namespace {
            case "web": "frontend"
            case "ml": "batch"
            case "kube-system", "monitoring": "system"
            default: "backend"
            }
        var labels = [
            "app": app, "app.kubernetes.io/name": app, "app.kubernetes.io/part-of": pod.namespace, "tier": tier,
            "track": "stable",
        ]
        // The web tier's pod on odd-hashed nodes is the canary: a selector like `tier=frontend,track!=canary`
        // then selects some nginx pods and not others.
        if pod.namespace == "web", pod.name.utf8.reduce(0, { $0 &+ Int($1) }) % 2 == 1 { labels["track"] = "canary" }
        if owner.kind == "Deployment", let hash = pod.name.split(separator: "-").dropLast().last {
            labels["pod-template-hash"] = String(hash)
        }
        return Label.list(labels)
    }

    static func nodeLabels(_ node: String) -> [Label] {
        let zones = ["zone-a", "zone-b", "zone-c"]
        let zone = zones[Int(node.utf8.reduce(UInt32(0)) { $0 &+ UInt32($1) } % UInt32(zones.count))]
        return Label.list([
            "kubernetes.io/hostname": node, "kubernetes.io/os": "linux", "topology.kubernetes.io/zone": zone,
            "node.kubernetes.io/instance-type": node.contains("gpu") ? "gpu.xlarge" : "standard-4",
        ])
    }
}
