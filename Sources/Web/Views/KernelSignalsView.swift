import Telemetry

/// What eBPF sees (docs/metrics.md, "Kernel signals"): on the node page each signal's state (on, or off and why),
/// node-wide run-queue latency and syscalls, block I/O latency per device, TCP retransmits per pod with their
/// endpoints, OOM kills and the processes that ended; on the pod page the same for the pod and each container.
enum KernelSignalsView {
    static func nodeSection(_ kernel: KernelSignals?, pods: [PodMetadata]) -> HTML {
        guard let kernel else {
            return
                "<section data-kernel=\"off\"><h2>Kernel signals <small>(eBPF)</small></h2><p class=\"note\">This agent runs without eBPF (<code>--no-ebpf</code>): /proc alone.</p></section>"
        }
        let names = Dictionary(pods.map { ($0.uid, "\($0.namespace)/\($0.name)") }, uniquingKeysWith: { a, _ in a })
        func pod(_ uid: String) -> String { uid.isEmpty ? "host / unknown" : names[uid] ?? uid }
        let states = kernel.signals.map { signal -> HTML in
            let state: HTML =
                !signal.on
                ? "<span class=\"badge bad\">off</span> \(signal.reason)"
                : signal.sampledPercent > 0
                    ? "<span class=\"badge ok\">on</span> <small data-sampled=\"\(signal.sampledPercent)\">sampled \(signal.sampledPercent) % of each pass, counts scaled</small>"
                    : "<span class=\"badge ok\">on</span>"
            return
                "<tr data-signal=\"\(signal.name)\" data-on=\"\(signal.on ? "true" : "false")\"><td>\(signal.name)</td><td>\(state)</td></tr>"
        }
        let devices = kernel.devices.map { device -> HTML in
            "<tr data-device=\"\(device.device)\"><td>\(device.name.isEmpty ? device.device : device.name) <small>\(device.device)</small></td><td>\(Self.perSecond(kernel, device.latency.count))</td><td>\(Self.milliseconds(device.latency.quantileMilliseconds(0.5)))</td><td>\(Self.milliseconds(device.latency.quantileMilliseconds(0.99)))</td></tr>"
        }
        let retransmits = kernel.retransmits.sorted { $0.retransmits > $1.retransmits }.map { entry -> HTML in
            "<tr data-retransmits=\"\(entry.podUID)\"><td>\(pod(entry.podUID))</td><td>\(Self.perSecond(kernel, entry.retransmits))</td><td>\(Self.endpoints(entry.endpoints))</td></tr>"
        }
        return """
            <section data-kernel="on"><h2>Kernel signals <small>(eBPF, over the last \(Format.fixed(Double(kernel.intervalMilliseconds) / 1000)) s)</small></h2>
            <div class="grid2"><table><thead><tr><th>signal</th><th>state</th></tr></thead><tbody>\(states)</tbody></table>
            <dl class="facts"><dt>run-queue latency</dt><dd data-node-runqueue>p50 \(Self.milliseconds(kernel.nodeRunqueue.quantileMilliseconds(0.5))) · p99 \(Self.milliseconds(kernel.nodeRunqueue.quantileMilliseconds(0.99)))</dd>
            <dt>syscalls</dt><dd>\(Self.perSecond(kernel, kernel.nodeSyscalls))/s</dd>
            <dt>dropped</dt><dd>\(kernel.dropped) events or entries</dd></dl></div>
            \(devices.isEmpty ? "" : "<h3>Block I/O latency</h3><table><thead><tr><th>device</th><th>requests/s</th><th>p50</th><th>p99</th></tr></thead><tbody>\(devices)</tbody></table>" as HTML)
            \(retransmits.isEmpty ? "" : "<h3>TCP retransmits</h3><table><thead><tr><th>pod</th><th>per s</th><th>top endpoints</th></tr></thead><tbody>\(retransmits)</tbody></table>" as HTML)
            \(Self.events(kernel.oomKills, title: "OOM kills", pod: pod))
            \(Self.events(kernel.exits, title: "Processes that ended", pod: pod))
            </section>
            """
    }

    static func podSection(
        _ kernel: KernelSignals?,
        _ pod: KernelSignals.Pod?,
        containerNames: [String: String]
    ) -> HTML {
        guard let kernel else { return "" }
        let pod = pod ?? KernelSignals.Pod()
        let off = kernel.signals.filter { !$0.on }.map(\.name)
        let rows = pod.containers.map { container -> HTML in
            "<tr><td>\(containerNames[container.containerID] ?? (container.containerID.isEmpty ? "(pod)" : String(container.containerID.prefix(12))))</td><td>\(Self.milliseconds(container.runqueue.quantileMilliseconds(0.5)))</td><td>\(Self.milliseconds(container.runqueue.quantileMilliseconds(0.99)))</td><td>\(Self.perSecond(kernel, container.syscalls))</td><td>\(Self.perSecond(kernel, container.execs))</td><td>\(Self.milliseconds(container.blockIO.quantileMilliseconds(0.99)))</td><td>\(container.oomKills)</td></tr>"
        }
        return """
            <section data-kernel-pod><h2>Kernel signals <small>(eBPF)</small></h2>
            <dl class="facts"><dt>run-queue latency</dt><dd data-pod-runqueue>p50 \(Self.milliseconds(pod.runqueue.quantileMilliseconds(0.5))) · p99 \(Self.milliseconds(pod.runqueue.quantileMilliseconds(0.99)))</dd>
            <dt>execs</dt><dd data-pod-execs>\(Self.perSecond(kernel, pod.execs))/s</dd>
            <dt>syscalls</dt><dd>\(Self.perSecond(kernel, pod.syscalls))/s</dd>
            <dt>block I/O p99</dt><dd>\(Self.milliseconds(pod.blockIO.quantileMilliseconds(0.99)))</dd>
            <dt>TCP retransmits</dt><dd data-pod-retransmits>\(Self.perSecond(kernel, pod.retransmits))/s \(Self.endpoints(pod.endpoints))</dd>
            \(off.isEmpty ? "" : "<dt>off on this node</dt><dd>\(off.joined(separator: ", ")) (see the node page)</dd>" as HTML)</dl>
            \(rows.isEmpty ? "" : "<table><thead><tr><th>container</th><th>run-queue p50</th><th>p99</th><th>syscalls/s</th><th>execs/s</th><th>block I/O p99</th><th>OOM kills</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(Self.events(pod.recentOOMKills, title: "OOM kills", pod: { _ in "" }))
            \(Self.events(pod.recentExits, title: "Processes that ended", pod: { _ in "" }))
            </section>
            """
    }

    private static func events(_ events: [KernelSignals.ProcessEvent], title: String, pod: (String) -> String) -> HTML {
        guard !events.isEmpty else { return "" }
        let rows = events.reversed().map { event -> HTML in
            let detail: HTML =
                event.lifetimeMicros > 0
                ? "lived \(Self.milliseconds(Double(event.lifetimeMicros) / 1000))"
                : "limit \(Format.bytes(event.limitBytes)) · usage \(Format.bytes(event.usageBytes))"
            return
                "<tr data-event=\"\(event.command)\"><td>\(Format.clock(event.timeMilliseconds))</td><td>\(pod(event.podUID))</td><td>\(event.pid)</td><td><code>\(event.command)</code></td><td>\(detail)</td></tr>"
        }
        return
            "<h3>\(title)</h3><table><thead><tr><th>time</th><th>pod</th><th>pid</th><th>command</th><th></th></tr></thead><tbody>\(rows)</tbody></table>"
    }

    private static func endpoints(_ endpoints: [KernelSignals.Endpoint]) -> HTML {
        let items = endpoints.prefix(5).map { "\($0.address):\($0.port) (\($0.retransmits))" }
        return "\(items.joined(separator: ", "))"
    }

    private static func perSecond(_ kernel: KernelSignals, _ count: UInt64) -> String {
        Format.fixed(kernel.perSecond(count))
    }

    private static func milliseconds(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value < 1 ? "\(Format.fixed(value * 1000, 0)) µs" : "\(Format.fixed(value, value < 10 ? 1 : 0)) ms"
    }
}
