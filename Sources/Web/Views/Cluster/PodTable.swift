import NodeStore
import Telemetry

/// A table of pods from anywhere in the cluster (search results, a workload's pods): each row links to the pod
/// page, where every process is, and carries `data-href` for the keyboard (`j`/`k`, Enter).
enum PodTable {
    static func html(_ pods: [PodRow], labelColumns: [String] = [], showWorkload: Bool = true) -> HTML {
        let labelHeaders = labelColumns.map { HTML("<th>\($0)</th>") }
        let rows = pods.map { pod -> HTML in
            let workload: HTML =
                showWorkload
                ? "<td>\(pod.workloadPath.map { "<a href=\"\($0)\">\(pod.workloadKind) \(pod.workloadName)</a>" as HTML } ?? "—")</td>"
                : ""
            let labels = labelColumns.map { key -> HTML in "<td>\(pod.labels.value(of: key) ?? "—")</td>" }
            let status: HTML =
                pod.ready == false ? "<span class=\"bad\">\(pod.status) (not ready)</span>" : "\(pod.status)"
            return """
                <tr data-href="\(pod.path)"><td><a href="\(pod.path)">\(pod.name)</a></td><td><a href="\(ClusterPaths.namespace(pod.namespace))">\(pod.namespace)</a></td>\(workload)\
                <td><a href="/nodes/\(HTML.segment(pod.node))">\(pod.node)</a></td><td>\(status)</td>\
                <td class="num" data-sort="\(pod.restarts ?? 0)">\(Format.count(pod.restarts))</td>\
                \(UsageCells.number(pod.cpuCores, UsageCells.against(pod.cpuCores, request: pod.cpuRequestCores, limit: pod.cpuLimitCores, Format.cores), attributes: " data-col=\"cpu\""))\
                \(UsageCells.number(pod.memoryWorkingSetBytes, UsageCells.against(pod.memoryWorkingSetBytes, request: pod.memoryRequestBytes, limit: pod.memoryLimitBytes, Format.bytes), attributes: " data-col=\"memory\""))\
                \(UsageCells.number(pod.networkBytesPerSecond, Format.rate(pod.networkBytesPerSecond)))\
                \(UsageCells.number(pod.diskBytesPerSecond, Format.rate(pod.diskBytesPerSecond)))\(labels)</tr>
                """
        }
        return """
            <table class="sortable rows"><thead><tr><th>pod</th><th>namespace</th>\(showWorkload ? "<th>workload</th>" as HTML : "")<th>node</th><th>status</th><th>restarts</th>\
            <th>CPU cores (used / req / lim)</th><th>memory (used / req / lim)</th><th>network</th><th>disk</th>\(labelHeaders)</tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }
}
