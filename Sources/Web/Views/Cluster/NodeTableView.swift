import Alerting
import LabelSelection
import NodeStore
import Telemetry
import TextTrimming

/// `/nodes`: the dense view — one row per node with its status, conditions, CPU, memory, pods, network, disk,
/// a small CPU chart and its firing alerts; sortable and filterable (by name, or a selector on node labels), at
/// a thousand nodes on one page.
enum NodeTableView {
    /// Points in each row's chart (the card's chart has 120).
    static let chartPoints = 24

    static func page(filter: String, fragment: HTML, banner: HTML?) -> HTML {
        Layout.page(
            title: "Nodes",
            breadcrumbs: [("nodes", nil)],
            banner: banner,
            body: """
                <h1>Nodes <small><a href="/">cards</a> · table</small></h1>
                <form method="get" action="/nodes" class="filter"><input type="search" name="q" value="\(filter)" placeholder="name, or a selector on node labels: topology.kubernetes.io/zone=zone-a" aria-label="filter nodes" size="60"> <button>filter</button></form>
                \(Layout.live("/fragments/nodes\(filter.isEmpty ? "" : "?q=\(HTML.segment(filter))")", fragment))
                """
        )
    }

    static func fragment(_ nodes: [NodeState], filter: NodeFilter, firing: [String: AlertSeverity]) -> HTML {
        if let error = filter.error { return "<p class=\"form-errors\">\(error)</p>" }
        let shown = nodes.filter(filter.matches)
        guard !shown.isEmpty else { return "<p class=\"empty\">No node matches.</p>" }
        let rows = shown.map { Self.row($0, firing: firing[AlertSubject.node($0.name).key]) }
        return """
            <p><strong>\(shown.count)</strong> of \(nodes.count) nodes · click a column to sort · <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens</p>
            <table class="sortable rows dense" data-table="nodes"><thead><tr><th>node</th><th>status</th><th>conditions</th><th data-col="cpu">CPU</th><th data-col="memory">memory</th><th>pods</th><th>network</th><th>disk</th><th>CPU, last hour</th><th>alerts</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    static func row(_ node: NodeState, firing: AlertSeverity?) -> HTML {
        let rates = node.rates?.node
        let path = "/nodes/\(HTML.segment(node.name))"
        let info = node.snapshot.nodeInfo
        let status: HTML =
            node.isStale
            ? "<span class=\"badge stale\">stale</span>"
            : info?.isReady == false
                ? "<span class=\"badge bad\">NotReady</span>" : "<span class=\"badge ok\">live</span>"
        let problems = (info?.problems ?? []).filter { $0.type != "Ready" }.map(\.type).joined(separator: " ")
        let pods = node.counts.pods
        return """
            <tr data-href="\(path)" data-node="\(node.name)"><td><a href="\(path)">\(node.name)</a></td><td>\(status)</td><td class="bad">\(problems)</td>\
            \(UsageCells.number(node.isStale ? nil : rates?.cpu?.busy, Format.percent(rates?.cpu?.busy)))\
            \(UsageCells.number(node.isStale ? nil : rates?.memoryUsedPercent, Format.percent(rates?.memoryUsedPercent)))\
            <td class="num" data-sort="\(pods)">\(pods)</td>\
            \(UsageCells.number(NodeSums.network(rates), Format.rate(NodeSums.network(rates))))\
            \(UsageCells.number(NodeSums.disk(rates), Format.rate(NodeSums.disk(rates))))\
            <td class="chart">\(Sparkline.svg(node.history.cpuBusyPercent.values, label: "CPU busy %", maximum: 100, points: Self.chartPoints, compact: true, format: Format.percent))</td><td>\(AlertBadge.html(firing))</td></tr>
            """
    }
}

/// `/nodes?q=`: a node-name filter, or a selector on node labels when it has an operator.
struct NodeFilter: Sendable {
    var text: String
    var selector: LabelSelector?
    var error: String?

    init(_ text: String?) {
        self.text = String((text ?? "").trimmingWhitespace.utf8.prefix(1_024)) ?? ""
        if self.text.contains(where: { "=!()".contains($0) }) {
            do { self.selector = try LabelSelector(parsing: self.text) } catch {
                self.error = "Not a label selector: \(error.message)"
            }
        }
    }

    func matches(_ node: NodeState) -> Bool {
        if let selector = self.selector {
            let labels = node.snapshot.nodeInfo?.labels ?? []
            return selector.matches { labels.value(of: $0) }
        }
        return self.text.isEmpty || node.name.containsFolded(self.text.lowercasedASCII)
    }
}
