import NodeStore

/// `/namespaces`: every namespace's pods and usage summed across nodes; `/namespaces/{namespace}`: its workloads
/// the same way. Sortable by any column (the page's script); rows open with Enter.
enum NamespacesView {
    static func page(fragment: HTML, banner: HTML?) -> HTML {
        Layout.page(
            title: "Namespaces",
            breadcrumbs: [("namespaces", nil)],
            banner: banner,
            body: "<h1>Namespaces</h1>\(Layout.live("/fragments/namespaces", fragment))"
        )
    }

    static func fragment(_ view: ClusterView) -> HTML {
        let groups = view.namespaces()
        guard !groups.isEmpty else { return "<p class=\"empty\">No pods reported yet.</p>" }
        let total = view.totals
        let rows = groups.map { group -> HTML in
            let path = ClusterPaths.namespace(group.namespace)
            return
                "<tr data-href=\"\(path)\"><td><a href=\"\(path)\">\(group.namespace)</a></td>\(UsageCells.cells(group.totals))<td class=\"num\" data-sort=\"\(group.totals.nodes.count)\">\(group.totals.nodes.count)</td></tr>"
        }
        return """
            <p><strong>\(groups.count)</strong> namespaces · \(total.pods) pods on \(view.liveNodes) live nodes · \(Format.cores(total.cpuCores)) CPU cores · \(Format.bytes(total.memoryWorkingSetBytes)) working set · \(total.notReady) not ready · <a href="/pods?status=notready">list the pods not ready</a></p>
            \(UsageCells.staleNote(view))
            <table class="sortable rows"><thead><tr><th>namespace</th>\(UsageCells.headers)<th>nodes</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    static func namespacePage(_ namespace: String, fragment: HTML, banner: HTML?) -> HTML {
        Layout.page(
            title: namespace,
            breadcrumbs: [("namespaces", "/namespaces"), (namespace, nil)],
            banner: banner,
            body: """
                <h1>\(namespace) <small>namespace</small></h1>
                <p><a href="/pods?namespace=\(HTML.segment(namespace))">every pod of \(namespace)</a> · <a href="/pods?namespace=\(HTML.segment(namespace))&amp;status=notready">not ready</a></p>
                \(Layout.live("/fragments\(ClusterPaths.namespace(namespace))", fragment))
                """
        )
    }

    static func namespaceFragment(_ view: ClusterView, namespace: String) -> HTML {
        let groups = view.workloads(in: namespace)
        guard !groups.isEmpty else {
            return "<p class=\"empty\">No live node reports a pod in \(namespace).</p>"
        }
        let rows = groups.map { group -> HTML in
            guard !group.kind.isEmpty else {
                let path = "/pods?namespace=\(HTML.segment(namespace))"
                return
                    "<tr data-href=\"\(path)\"><td><a href=\"\(path)\">pods without a workload</a></td><td>—</td>\(UsageCells.cells(group.totals))</tr>"
            }
            let path = ClusterPaths.workload(namespace: namespace, kind: group.kind, name: group.name)
            return
                "<tr data-href=\"\(path)\"><td><a href=\"\(path)\">\(group.name)</a></td><td>\(group.kind)</td>\(UsageCells.cells(group.totals))</tr>"
        }
        return """
            \(UsageCells.staleNote(view))
            <table class="sortable rows"><thead><tr><th>workload</th><th>kind</th>\(UsageCells.headers)</tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
