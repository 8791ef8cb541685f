import NodeStore

/// `/workloads/{namespace}/{kind}/{name}`: a workload's pods across nodes, its totals against requests and
/// limits, and one-hour charts of its summed CPU and memory.
enum WorkloadView {
    /// Pods listed on the page (by CPU); the rest are a search away.
    static let listed = 100

    static func page(namespace: String, kind: String, name: String, fragment: HTML, banner: HTML?) -> HTML {
        Layout.page(
            title: "\(kind) \(name)",
            breadcrumbs: [
                ("namespaces", "/namespaces"), (namespace, ClusterPaths.namespace(namespace)), ("\(kind) \(name)", nil),
            ],
            banner: banner,
            body: """
                <h1>\(name) <small>\(kind) in \(namespace)</small></h1>
                \(Layout.live("/fragments\(ClusterPaths.workload(namespace: namespace, kind: kind, name: name))", fragment))
                """
        )
    }

    static func fragment(_ view: ClusterView, namespace: String, kind: String, name: String) -> HTML {
        let workload = view.workload(
            namespace: namespace,
            kind: kind,
            name: name,
            listing: Self.listed,
            by: PodSearch(text: nil).before
        )
        let (shown, totals, history) = (workload.listed, workload.totals, workload.history)
        guard workload.count > 0 else {
            return "<p class=\"empty\">No live node reports a pod of \(kind) \(namespace)/\(name).</p>"
        }
        let more: HTML =
            workload.count > shown.count
            ? "<p class=\"note\">The \(shown.count) busiest of \(workload.count) pods are listed; <a href=\"/pods?namespace=\(HTML.segment(namespace))&amp;q=\(HTML.segment(name))&amp;limit=1000\">search for more</a>.</p>"
            : ""
        return """
            <div class="grid2">
            <div class="metric"><h3>CPU cores (used / requested / limit)</h3><div class="big">\(Format.cores(totals.cpuCores))</div>
            <dl><dt>requested</dt><dd>\(Format.cores(totals.cpuRequestCores))</dd><dt>limit</dt><dd>\(Format.cores(totals.cpuLimitCores))</dd></dl>
            \(Sparkline.svg(history.cpuCores, label: "CPU cores", format: Format.cores))</div>
            <div class="metric"><h3>Memory working set</h3><div class="big">\(Format.bytes(totals.memoryWorkingSetBytes))</div>
            <dl><dt>requested</dt><dd>\(Format.bytes(totals.memoryRequestBytes))</dd><dt>limit</dt><dd>\(Format.bytes(totals.memoryLimitBytes))</dd></dl>
            \(Sparkline.svg(history.memoryWorkingSetBytes, label: "memory working set", format: Format.bytes))</div>
            </div>
            <p>\(totals.pods) pods on \(totals.nodes.count) nodes · \(totals.notReady) not ready · \(totals.restarts) restarts · network \(Format.rate(totals.networkBytesPerSecond)) · disk \(Format.rate(totals.diskBytesPerSecond))</p>
            \(UsageCells.staleNote(view))\(more)
            \(PodTable.html(shown, showWorkload: false))
            """
    }
}
