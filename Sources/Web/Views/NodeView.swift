import Alerting
import Ingest
import NodeStore
import Telemetry

/// `/nodes/{node}`: CPUs, memory, interfaces, disks, pressure, and the node's pods.
enum NodeView {
    static func page(
        _ node: NodeState,
        banner: HTML?,
        firing: [String: AlertSeverity] = [:],
        refusal: IngestCounters.Refusal? = nil,
        fragment: HTML? = nil
    ) -> HTML {
        let key = HTML.segment(node.name)
        return Layout.page(
            title: node.name,
            breadcrumbs: [("nodes", "/"), (node.name, nil)],
            banner: banner,
            body: """
                <h1>\(node.name)</h1>
                <input class="filter" type="search" placeholder="filter pods and processes" aria-label="filter pods">
                \(Self.refused(refusal))
                \(Layout.live("/nodes/\(key)/fragment", fragment ?? Self.fragment(node, firing: firing)))
                """
        )
    }

    static func fragment(_ node: NodeState, firing: [String: AlertSeverity] = [:]) -> HTML {
        let host = node.snapshot.host
        let rates = node.rates?.node
        let stale: HTML =
            node.isStale
            ? "<p class=\"badge stale\">no data since \(Format.clock(node.lastSeenWallMilliseconds))</p>" : ""
        let alert: HTML =
            firing[AlertSubject.node(node.name).key].map {
                "<p>\(AlertBadge.html($0)) <a href=\"/alerts\">see alerts</a></p>"
            } ?? ""
        let cpus =
            rates?.perCPU.sorted { $0.key < $1.key }.map { index, cpu -> HTML in
                "<tr><td>cpu\(index)</td><td>\(Self.bar(cpu.busy))</td><td class=\"num\">\(Format.percent(cpu.user))</td><td class=\"num\">\(Format.percent(cpu.system))</td><td class=\"num\">\(Format.percent(cpu.iowait))</td><td class=\"num\">\(Format.percent(cpu.steal))</td></tr>"
            } ?? []
        let memory = host.memory
        let used = memory.memTotal.flatMap { total in memory.memAvailable.map { Double(total - min(total, $0)) } }
        let swapUsed = memory.swapTotal.flatMap { total in memory.swapFree.map { Double(total - min(total, $0)) } }
        let interfaces = (rates?.interfaces ?? []).map { interface -> HTML in
            "<tr><td>\(interface.name)</td><td class=\"num\">\(Format.rate(interface.rxBytesPerSecond))</td><td class=\"num\">\(Format.rate(interface.txBytesPerSecond))</td><td class=\"num\">\(Format.fixed(interface.rxPacketsPerSecond, 0))</td><td class=\"num\">\(Format.fixed(interface.txPacketsPerSecond, 0))</td><td class=\"num\">\(Format.fixed((interface.rxErrorsPerSecond ?? 0) + (interface.txErrorsPerSecond ?? 0), 0))</td><td class=\"num\">\(Format.fixed((interface.rxDroppedPerSecond ?? 0) + (interface.txDroppedPerSecond ?? 0), 0))</td></tr>"
        }
        let disks = (rates?.disks ?? []).filter { $0.kind != .virtual }.map { disk -> HTML in
            "<tr><td>\(disk.name)</td><td>\(disk.kind.rawValue)</td><td class=\"num\">\(Format.rate(disk.readBytesPerSecond))</td><td class=\"num\">\(Format.rate(disk.writeBytesPerSecond))</td><td class=\"num\">\(Format.fixed(disk.readsPerSecond, 0))</td><td class=\"num\">\(Format.fixed(disk.writesPerSecond, 0))</td><td>\(Self.bar(disk.utilizationPercent))</td></tr>"
        }
        return """
            \(stale)\(alert)\(KubernetesNodeView.badges(node.snapshot.nodeInfo))\(KubeletView.badges(node.snapshot.nodeInfo?.kubelet))
            <div class="grid2">
            <section><h2>CPUs</h2><table><thead><tr><th>cpu</th><th>busy</th><th>user</th><th>system</th><th>iowait</th><th>steal</th></tr></thead><tbody>\(cpus)</tbody></table></section>
            <section><h2>Memory</h2><dl class="facts">
            <dt>used</dt><dd>\(Format.bytes(used)) (\(Format.percent(rates?.memoryUsedPercent)))</dd>
            <dt>available</dt><dd>\(Format.bytes(memory.memAvailable))</dd><dt>total</dt><dd>\(Format.bytes(memory.memTotal))</dd>
            <dt>buffers</dt><dd>\(Format.bytes(memory.buffers))</dd><dt>cached</dt><dd>\(Format.bytes(memory.cached))</dd>
            <dt>swap used</dt><dd>\(Format.bytes(swapUsed)) of \(Format.bytes(memory.swapTotal))</dd></dl>
            <h2>Pressure (avg10 some / full)</h2><dl class="facts">
            <dt>cpu</dt><dd>\(Self.pressure(host.cpuPressure))</dd><dt>memory</dt><dd>\(Self.pressure(host.memoryPressure))</dd><dt>io</dt><dd>\(Self.pressure(host.ioPressure))</dd></dl></section>
            </div>
            <section><h2>Network <small>(\(host.networkSource))</small></h2><table><thead><tr><th>interface</th><th>rx</th><th>tx</th><th>rx pkt/s</th><th>tx pkt/s</th><th>errors/s</th><th>drops/s</th></tr></thead><tbody>\(interfaces)</tbody></table></section>
            <section><h2>Disks</h2><table><thead><tr><th>device</th><th>kind</th><th>read</th><th>write</th><th>r IOPS</th><th>w IOPS</th><th>utilisation</th></tr></thead><tbody>\(disks)</tbody></table></section>
            \(Self.pods(node, firing: firing))
            \(KubernetesNodeView.section(node.snapshot.nodeInfo))
            \(KubeletView.section(node.snapshot.nodeInfo?.kubelet, snapshot: node.snapshot, rates: node.rates))
            \(KernelSignalsView.nodeSection(node.snapshot.kernelSignals, pods: node.snapshot.pods))
            \(AgentView.section(node.snapshot.agent, issues: node.snapshot.errors))
            """
    }

    /// The newest refusal of this node's snapshots, while the server still keeps it.
    static func refused(_ refusal: IngestCounters.Refusal?) -> HTML {
        guard let refusal else { return "" }
        return
            "<p class=\"banner error\">A snapshot from this node was refused at \(Format.clock(refusal.wallMilliseconds)): <code>\(refusal.field)</code> = \(refusal.value), expected \(refusal.limit). The page shows its last accepted snapshot.</p>"
    }

    static func pods(_ node: NodeState, firing: [String: AlertSeverity] = [:]) -> HTML {
        let pods = PodSummary.pods(of: node)
        let rows = pods.map { pod -> HTML in
            let network: HTML =
                pod.hostNetwork
                ? "host network"
                : "\(Format.rate(pod.network?.rxBytesPerSecond)) / \(Format.rate(pod.network?.txBytesPerSecond))"
            return """
                <tr><td>\(pod.namespace)</td><td><a href="\(pod.path(node: node.name))">\(pod.name)</a>\(AlertBadge.pod(pod, node: node.name, firing))</td>
                <td class="num" data-sort="\(pod.cpuCores ?? -1)">\(Format.cores(pod.cpuCores))\(Self.share(pod.cpuCores, request: pod.cpuRequestCores, limit: pod.cpuLimitCores))</td>
                <td class="num" data-sort="\(pod.memoryWorkingSet ?? -1)">\(Format.bytes(pod.memoryWorkingSet))\(Self.share(pod.memoryWorkingSet, request: pod.memoryRequest, limit: pod.memoryLimit))</td>
                <td class="num">\(network)</td><td class="num" data-sort="\(pod.diskBytesPerSecond ?? -1)">\(Format.rate(pod.diskBytesPerSecond))</td>
                <td>\(pod.status.isEmpty ? "—" : pod.status)</td><td class="num">\(pod.restarts.map { String($0) } ?? "—")</td><td>\(pod.workload)</td><td class="num">\(pod.processCount)</td></tr>
                """
        }
        return """
            <section><h2>Pods <small>(\(pods.count))</small></h2>
            <table class="sortable"><thead><tr><th>namespace</th><th>pod</th><th>CPU cores (% request · % limit)</th><th>memory working set (% request · % limit)</th><th>network rx / tx</th><th>disk</th><th>status</th><th>restarts</th><th>workload</th><th>processes</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }

    /// Usage against the API's request and the cgroup's limit: ` (24% req · 12% lim)`; empty with neither.
    static func share(_ used: Double?, request: Double?, limit: Double?) -> HTML {
        guard let used else { return "" }
        var parts: [String] = []
        if let request, request > 0 { parts.append("\(Format.percent(used / request * 100)) req") }
        if let limit, limit > 0 { parts.append("\(Format.percent(used / limit * 100)) lim") }
        return parts.isEmpty ? "" : " <small>(\(parts.joined(separator: " · ")))</small>"
    }

    static func bar(_ percent: Double?) -> HTML {
        let width = Format.fixed(min(max(percent ?? 0, 0), 100), 1)
        return
            "<span class=\"bar\"><span style=\"width:\(width)%\"></span></span> <span class=\"num\">\(Format.percent(percent))</span>"
    }

    static func pressure(_ value: Pressure?) -> String {
        guard let value else { return "not available (kernel without PSI)" }
        return "\(Format.fixed(value.some?.avg10, 2))% / \(Format.fixed(value.full?.avg10, 2))%"
    }
}
