import Alerting
import NodeStore
import Telemetry

/// `/`: a card per node.
enum OverviewView {
    static func page(
        _ nodes: [NodeState],
        query: OverviewQuery = OverviewQuery(page: nil, filter: nil),
        banner: HTML?,
        firing: [String: AlertSeverity] = [:],
        fragment: HTML? = nil
    ) -> HTML {
        Layout.page(
            title: "Nodes",
            banner: banner,
            body: Layout.live(
                "/fragments/overview\(query.queryString)",
                fragment ?? Self.fragment(nodes, query: query, firing: firing)
            )
        )
    }

    static func fragment(
        _ nodes: [NodeState],
        query: OverviewQuery = OverviewQuery(page: nil, filter: nil),
        firing: [String: AlertSeverity] = [:]
    ) -> HTML {
        guard !nodes.isEmpty else {
            return "<p class=\"empty\">No agent has reported yet. Agents connect to the ingest port (default 9090).</p>"
        }
        let (shown, matching, pages) = query.select(nodes)
        return
            "\(HeatStrip.html(nodes))\(Self.summary(nodes, query: query, matching: matching, pages: pages, firing: firing))<div class=\"cards\">\(shown.map { Self.card($0, firing: firing) })</div>"
    }

    /// Counts for the whole cluster, the nodes needing attention (on any page), the filter and the pager.
    static func summary(
        _ nodes: [NodeState],
        query: OverviewQuery,
        matching: Int,
        pages: Int,
        firing: [String: AlertSeverity]
    ) -> HTML {
        let stale = nodes.filter(\.isStale)
        let notReady = nodes.filter { !$0.isStale && $0.snapshot.nodeInfo?.isReady == false }
        let alerting = nodes.filter { firing[AlertSubject.node($0.name).key] != nil }
        let attention = (stale + notReady + alerting).prefix(30)
        let links = attention.map { node -> HTML in "<a href=\"/nodes/\(HTML.segment(node.name))\">\(node.name)</a>" }
        let page = min(query.page, pages)
        func link(_ number: Int, _ label: String) -> HTML {
            var target = query
            target.page = number
            let href = target.queryString.isEmpty ? "/" : "/\(target.queryString)"
            return "<a href=\"\(href)\">\(label)</a>"
        }
        let previous: HTML = page > 1 ? link(page - 1, "← previous") : ""
        let next: HTML = page < pages ? link(page + 1, "next →") : ""
        return """
            <div class="overview-summary"><p><strong>\(nodes.count)</strong> nodes · \(nodes.count - stale.count) live · \(stale.count) stale · \(notReady.count) not ready · \(alerting.count) with firing alerts</p>
            \(attention.isEmpty ? "" : "<p class=\"attention\">Needs attention: \(links)</p>" as HTML)
            <form method="get" action="/" class="filter"><input type="search" name="q" value="\(query.filter)" placeholder="filter nodes by name" aria-label="filter nodes by name"> <button>filter</button></form>
            <p class="pager">\(previous) page \(page) of \(pages) (\(matching) matching) \(next) · <a href="/nodes">all nodes as a table</a> · <a href="/namespaces">namespaces</a></p></div>
            """
    }

    static func card(_ node: NodeState, firing: [String: AlertSeverity] = [:]) -> HTML {
        let rates = node.rates?.node
        let cpu = rates?.cpu
        let load = node.snapshot.host.load
        let key = HTML.segment(node.name)
        let end = node.lastSeenWallMilliseconds
        let status: HTML =
            node.isStale
            ? "<span class=\"badge stale\">no data since \(Format.clock(node.lastSeenWallMilliseconds))</span>"
            : "<span class=\"badge ok\">live</span>"
        let pods = node.counts.pods
        let podsOf = node.snapshot.nodeInfo?.podsAllocatable.map { " / \($0)" } ?? ""
        func pressure(_ value: Pressure?) -> String { Format.fixed(value?.some?.avg10, 2) }
        return """
            <section class="card\(node.isStale ? " is-stale" : "")" data-node="\(node.name)">
            <h2><a href="/nodes/\(key)">\(node.name)</a> \(status)\(KubernetesNodeView.badges(node.snapshot.nodeInfo))\(KubeletView.badges(node.snapshot.nodeInfo?.kubelet))\(AlertBadge.html(firing[AlertSubject.node(node.name).key]))</h2>
            <div class="grid2">
            <div class="metric"><h3>CPU</h3><div class="big" data-k="\(key)-cpu">\(Format.percent(cpu?.busy))</div>
            <dl><dt>user</dt><dd>\(Format.percent(cpu.map { $0.user + $0.nice }))</dd><dt>system</dt><dd>\(Format.percent(cpu.map { $0.system + $0.irq + $0.softirq }))</dd>
            <dt>iowait</dt><dd>\(Format.percent(cpu?.iowait))</dd><dt>steal</dt><dd>\(Format.percent(cpu?.steal))</dd></dl>
            \(Sparkline.svg(node.history.cpuBusyPercent.values, label: "CPU busy %", maximum: 100, endMilliseconds: end, format: Format.percent))</div>
            <div class="metric"><h3>Memory</h3><div class="big" data-k="\(key)-mem">\(Format.percent(rates?.memoryUsedPercent))</div>
            <dl><dt>total</dt><dd>\(Format.bytes(node.snapshot.host.memory.memTotal))</dd><dt>available</dt><dd>\(Format.bytes(node.snapshot.host.memory.memAvailable))</dd></dl>
            \(Sparkline.svg(node.history.memoryUsedPercent.values, label: "memory used %", maximum: 100, endMilliseconds: end, format: Format.percent))</div>
            <div class="metric"><h3>Network</h3><div class="big" data-k="\(key)-net">\(Format.rate(NodeSums.network(rates)))</div>
            <dl><dt>rx</dt><dd>\(Format.rate(rates?.networkRxBytesPerSecond))</dd><dt>tx</dt><dd>\(Format.rate(rates?.networkTxBytesPerSecond))</dd></dl>
            \(Sparkline.svg(node.history.networkBytesPerSecond.values, label: "network bytes/s", endMilliseconds: end, format: Format.rate))</div>
            <div class="metric"><h3>Disk</h3><div class="big" data-k="\(key)-disk">\(Format.rate(NodeSums.disk(rates)))</div>
            <dl><dt>read</dt><dd>\(Format.rate(rates?.diskReadBytesPerSecond))</dd><dt>write</dt><dd>\(Format.rate(rates?.diskWriteBytesPerSecond))</dd></dl>
            \(Sparkline.svg(node.history.diskBytesPerSecond.values, label: "disk bytes/s", endMilliseconds: end, format: Format.rate))</div>
            </div>
            <dl class="facts"><dt>load</dt><dd>\(Format.fixed(load?.load1, 2)) \(Format.fixed(load?.load5, 2)) \(Format.fixed(load?.load15, 2))</dd>
            <dt>pressure cpu/mem/io</dt><dd>\(pressure(node.snapshot.host.cpuPressure)) / \(pressure(node.snapshot.host.memoryPressure)) / \(pressure(node.snapshot.host.ioPressure))</dd>
            <dt>pods</dt><dd>\(pods)\(podsOf)</dd>\(KubeletView.filesystem(node.snapshot.nodeInfo?.kubelet))<dt>last seen</dt><dd>\(Format.clock(node.lastSeenWallMilliseconds))</dd></dl>
            </section>
            """
    }
}
