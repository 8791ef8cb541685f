import LabelSelection
import NodeStore

/// `/pods?q=…`: any pod of the cluster by name, namespace, workload, node or label selector, the top N by CPU
/// (or memory, restarts, network, disk) — `kubectl top pods -A` with every process a click away.
enum PodSearchView {
    static func page(_ search: PodSearch, fragment: HTML, banner: HTML?) -> HTML {
        let orders = PodSearch.Order.allCases.map { order -> HTML in
            "<option value=\"\(order.rawValue)\"\(order == search.order ? " selected" : "")>\(order.rawValue)</option>"
        }
        return Layout.page(
            title: "Pods",
            breadcrumbs: [("pods", nil)],
            banner: banner,
            body: """
                <h1>Pods <small>across the cluster</small></h1>
                <form method="get" action="/pods" class="filter search-form">
                <input type="search" name="q" value="\(search.text)" placeholder="name, namespace, workload, node — or app=checkout,tier!=canary" aria-label="search pods" data-search size="60">
                <input type="hidden" name="namespace" value="\(search.namespace)">
                <label>sort <select name="sort">\(orders)</select></label>
                <label>show <input type="number" name="limit" value="\(search.limit)" min="1" max="\(PodSearch.maximumLimit)"></label>
                <label>label columns <input type="text" name="labels" value="\(search.requestedLabels.joined(separator: ","))" placeholder="app,tier"></label>
                <button>search</button></form>
                \(Layout.live("/fragments/pods\(search.query())", fragment))
                """
        )
    }

    static func fragment(_ view: ClusterView, _ search: PodSearch) -> HTML {
        if let error = search.error { return "<p class=\"form-errors\">\(error)</p>" }
        let (pods, matching) = view.pods(matching: search.matches, limit: search.limit, by: search.before)
        let what: HTML =
            search.selector.map { "pods with labels <code>\($0.description)</code>" }
            ?? (search.words.isEmpty ? "pods" : "pods matching <code>\(search.text)</code>")
        let scope: HTML = search.namespace.isEmpty ? "" : " in \(search.namespace)"
        let status: HTML = search.notReadyOnly ? " that are not ready" : ""
        let sorts = PodSearch.Order.allCases.map { order -> HTML in
            order == search.order
                ? "<strong>\(order.rawValue)</strong> "
                : "<a href=\"/pods\(search.query(sort: order))\">\(order.rawValue)</a> "
        }
        guard matching > 0 else {
            return "<p class=\"empty\">No \(what)\(scope)\(status) on the \(view.liveNodes) live nodes.</p>"
        }
        return """
            <p><strong>\(matching)</strong> \(what)\(scope)\(status) on \(view.liveNodes) live nodes\(matching > pods.count ? ", the top \(pods.count) shown" : "") · by \(sorts)</p>
            \(UsageCells.staleNote(view))
            \(PodTable.html(pods, labelColumns: search.labelColumns))
            """
    }
}
