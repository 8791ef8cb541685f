import NodeStore
import Telemetry

/// The top of the overview: every node as one cell, coloured by its CPU busy % in one strip and its memory
/// used % in the other, so one hot node among a thousand stands out. Ten classes (`h0`…`h9`, a stale node `hs`)
/// keep it within the page's CSP and to a few dozen bytes per node.
enum HeatStrip {
    static func html(_ nodes: [NodeState]) -> HTML {
        guard !nodes.isEmpty else { return "" }
        return """
            <div class="heat"><div class="heat-row"><span class="heat-label">CPU</span><div class="strip">\(nodes.map { Self.cell($0, $0.rates?.node.cpu?.busy, "CPU") })</div></div>\
            <div class="heat-row"><span class="heat-label">memory</span><div class="strip">\(nodes.map { Self.cell($0, $0.rates?.node.memoryUsedPercent, "memory") })</div></div></div>
            """
    }

    static func cell(_ node: NodeState, _ percent: Double?, _ what: String) -> HTML {
        let level =
            node.isStale
            ? "s" : percent.flatMap { $0.isFinite ? String(min(9, max(0, Int($0 / 10)))) : nil } ?? "s"
        return
            "<a class=\"h\(level)\" href=\"/nodes/\(HTML.segment(node.name))\" title=\"\(node.name): \(what) \(Format.percent(percent))\"></a>"
    }
}
