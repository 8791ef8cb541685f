package import NodeStore
import Telemetry

/// Every GET path the web layer serves for what the cache holds now: the overview and cluster pages, each node,
/// each pod, the first processes of each node, and the JSON API for each. The whole-path fuzzer renders them
/// all after feeding frames through ingest, and a page that fails (a 500) is a crash it reports.
package enum RouteCatalog {
    /// Processes visited per node (every page of a 20,000-process node would make one fuzz run take seconds).
    package static let processesPerNode = 16

    package static func paths(_ cache: LiveCache) -> [String] {
        var paths = [
            "/", "/fragments/overview", "/?page=2", "/alerts", "/alerts/fragments/active", "/healthz", "/readyz",
            "/api/v1/nodes", "/api/v1/server", "/api/v1/alerts", "/api/v1/alerts/history", "/api/v1/rules",
            "/api/v1/profiles", "/profiles", "/metrics", "/recordings", "/api/v1/recordings",
        ]
        for node in cache.all() {
            let name = HTML.segment(node.name)
            paths.append("/?q=\(name)")
            paths += [
                "/nodes/\(name)", "/nodes/\(name)/fragment", "/api/v1/nodes/\(name)", "/api/v1/nodes/\(name)/pods",
            ]
            for pod in PodSummary.pods(of: node) {
                let path = pod.path(node: node.name)
                paths += [path, path + "/fragment"]
            }
            for process in node.snapshot.allProcesses.prefix(Self.processesPerNode) {
                paths += [
                    "/nodes/\(name)/processes/\(process.pid)", "/nodes/\(name)/processes/\(process.pid)/fragment",
                    "/api/v1/nodes/\(name)/processes/\(process.pid)",
                ]
            }
        }
        return paths
    }
}
