import NodeStore
import Telemetry

/// `/nodes/{node}/pods/{namespace}/{pod}`: containers with cgroup metrics and every process of each.
enum PodView {
    static func page(_ node: NodeState, _ pod: PodSummary, banner: HTML?, profiles: HTML = "") -> HTML {
        Layout.page(
            title: pod.name,
            breadcrumbs: [
                ("nodes", "/"), (node.name, "/nodes/\(HTML.segment(node.name))"), ("\(pod.namespace)/\(pod.name)", nil),
            ],
            banner: banner,
            body: """
                <h1>\(pod.name) <small>\(pod.namespace)</small></h1>
                \(Layout.live("\(pod.path(node: node.name))/fragment", Self.fragment(node, pod)))
                \(profiles)
                """
        )
    }

    /// The workload's page, or its name for a bare pod.
    static func workloadLink(_ pod: PodSummary, _ info: PodMetadata) -> HTML {
        guard !info.ownerKind.isEmpty, !info.ownerName.isEmpty else { return "\(pod.workload)" }
        let path = ClusterPaths.workload(namespace: pod.namespace, kind: info.ownerKind, name: info.ownerName)
        return "<a href=\"\(path)\">\(pod.workload)</a>"
    }

    /// Each label a search for the pods carrying it.
    static func labels(_ labels: [Label]) -> HTML {
        guard !labels.isEmpty else { return "—" }
        let links = labels.map { label -> HTML in
            "<a class=\"label\" href=\"\(ClusterPaths.label(label.key, label.value))\">\(label.key)=\(label.value)</a> "
        }
        return "\(links)"
    }

    static func millicores(_ value: Int64?) -> String {
        guard let value else { return "—" }
        return value % 1000 == 0 ? "\(value / 1000)" : "\(value)m"
    }

    static func fragment(_ node: NodeState, _ pod: PodSummary) -> HTML {
        let processRates = Dictionary(
            (node.rates?.processes ?? []).map { ($0.pid, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let network: HTML =
            pod.hostNetwork
            ? "host network (the node's interfaces)"
            : "rx \(Format.rate(pod.network?.rxBytesPerSecond)) · tx \(Format.rate(pod.network?.txBytesPerSecond))"
        let api = Dictionary(
            (pod.info?.containers ?? []).map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let summary: HTML =
            pod.info.map { info in
                "<dl class=\"facts\"><dt>workload</dt><dd>\(Self.workloadLink(pod, info))</dd><dt>labels</dt><dd>\(Self.labels(info.labels))</dd><dt>status</dt><dd>\(pod.status)\(info.ready ? "" : " (not ready)")</dd><dt>QoS</dt><dd>\(info.qosClass.isEmpty ? "—" : info.qosClass)</dd><dt>restarts</dt><dd>\(pod.restarts ?? 0)</dd></dl>"
            } ?? "<p class=\"note\">The Kubernetes API has not named this pod (yet): shown by UID.</p>"
        let containers = pod.containers.map { container -> HTML in
            let cgroup = container.snapshot.cgroup
            let spec = api[container.snapshot.identity.containerID ?? ""]
            let declared: HTML =
                spec.map { spec in
                    "<dt>API</dt><dd>\(spec.image) · \(spec.state.isEmpty ? "—" : spec.state)\(spec.reason.isEmpty ? "" : " (\(spec.reason))") · restarts \(spec.restartCount)\(spec.lastTerminationReason.isEmpty ? "" : ", last: \(spec.lastTerminationReason)")</dd><dt>requests / limits</dt><dd>CPU \(Self.millicores(spec.cpuRequestMillicores)) / \(Self.millicores(spec.cpuLimitMillicores)) · memory \(Format.bytes(spec.memoryRequestBytes.map { Double($0) })) / \(Format.bytes(spec.memoryLimitBytes.map { Double($0) }))</dd>"
                } ?? ""
            let rates = container.rates
            let history = node.history.container(container.snapshot.key)
            let processes = container.snapshot.processes.sorted { $0.pid < $1.pid }.map { process -> HTML in
                Self.processRow(node: node.name, process, processRates[process.pid], pageSize: node.snapshot.pageSize)
            }
            return """
                <section class="container"><h2>\(container.name) <small>\(container.snapshot.identity.runtime.rawValue) \(String((container.snapshot.identity.containerID ?? "").prefix(12)))</small></h2>
                <div class="grid2"><dl class="facts">\(declared)
                <dt>CPU</dt><dd>\(Format.cores(rates?.cpuCores)) cores\(rates?.cpuLimitCores.map { HTML(" of \(Format.cores($0)) (\(Format.percent(rates?.cpuLimitPercent)))") } ?? " (no limit)")</dd>
                <dt>throttled</dt><dd>\(Format.percent(rates?.throttledPeriodsPercent)) of periods · \(Format.fixed(rates?.throttledSecondsPerSecond, 3)) s/s</dd>
                <dt>working set</dt><dd>\(Format.bytes(cgroup?.memoryWorkingSetBytes))\(cgroup?.memoryLimitBytes.map { HTML(" of \(Format.bytes($0)) (\(Format.percent(rates?.memoryLimitPercent)))") } ?? " (no limit)")</dd>
                <dt>rss / cache</dt><dd>\(Format.bytes(cgroup?.memoryRSSBytes)) / \(Format.bytes(cgroup?.memoryCacheBytes))</dd>
                <dt>OOM kills</dt><dd>\(Format.count(cgroup?.oomKills))</dd>
                <dt>I/O</dt><dd>read \(Format.rate(rates?.ioReadBytesPerSecond)) · write \(Format.rate(rates?.ioWriteBytesPerSecond))</dd>
                <dt>pids</dt><dd>\(Format.count(cgroup?.pidsCurrent))\(cgroup?.pidsLimit.map { HTML(" of \($0)") } ?? "")</dd>
                <dt>pressure cpu/mem/io</dt><dd>\(NodeView.pressure(cgroup?.cpuPressure)) · \(NodeView.pressure(cgroup?.memoryPressure)) · \(NodeView.pressure(cgroup?.ioPressure))</dd>
                <dt>network</dt><dd>\(network)</dd>
                <dt>cgroup</dt><dd><code>\(container.snapshot.cgroupPath ?? "—") (\(cgroup?.version.rawValue ?? "unreadable"))</code></dd></dl>
                <div>\(Sparkline.svg(history?.cpuCores.values ?? [], label: "CPU cores", endMilliseconds: node.lastSeenWallMilliseconds, format: Format.cores))\(Sparkline.svg(history?.memoryWorkingSetBytes.values ?? [], label: "working set", endMilliseconds: node.lastSeenWallMilliseconds, format: Format.bytes))</div></div>
                <table class="sortable"><thead><tr><th>pid</th><th>command</th><th>state</th><th>CPU %</th><th>RSS</th><th>threads</th><th>read</th><th>write</th></tr></thead><tbody>\(processes)</tbody></table>
                </section>
                """
        }
        let kernel = node.snapshot.kernelSignals
        let names = Dictionary(
            pod.containers.map { ($0.snapshot.identity.containerID ?? "", $0.name) },
            uniquingKeysWith: { first, _ in first }
        )
        let signals = KernelSignalsView.podSection(kernel, kernel?.byPod()[pod.uid], containerNames: names)
        return "\(summary)\(signals)\(containers)"
    }

    static func processRow(node: String, _ process: ProcessSnapshot, _ rates: ProcessRates?, pageSize: UInt64) -> HTML {
        let stat = process.stat  // once: the server's processes are packed, and each read unpacks
        let command = process.cmdline.isEmpty ? "[\(stat.comm)]" : process.cmdline.joined(separator: " ")
        let rss = Double(max(stat.rss, 0)) * Double(pageSize)
        return """
            <tr><td class="num"><a href="/nodes/\(HTML.segment(node))/processes/\(process.pid)">\(process.pid)</a></td>
            <td class="cmd" title="\(command)">\(String(command.prefix(120)))</td><td>\(stat.state)</td>
            <td class="num" data-sort="\(rates?.cpuPercent ?? -1)">\(Format.fixed(rates?.cpuPercent))</td>
            <td class="num" data-sort="\(rss)">\(Format.bytes(rss))</td><td class="num">\(stat.numThreads)</td>
            <td class="num">\(Format.rate(rates?.readBytesPerSecond))</td><td class="num">\(Format.rate(rates?.writeBytesPerSecond))</td></tr>
            """
    }
}
