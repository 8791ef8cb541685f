import Telemetry

/// The kubelet's own view of the node: a card badge when it is unhealthy or the node is near eviction, and the
/// node page's section with health and its latency, the sync loop, each eviction signal's thresholds and
/// headroom, the filesystems, reserved resources, and every endpoint that could not be read with why.
enum KubeletView {
    /// Headroom below this (in percent of capacity) is shown as near eviction.
    static let nearEvictionPercent = 5.0

    static func badges(_ kubelet: KubeletStatus?) -> HTML {
        guard let kubelet else { return "" }
        var badges: [HTML] = []
        if kubelet.healthy == false || kubelet.syncLoopHealthy == false {
            badges.append(" <span class=\"badge bad\" data-kubelet=\"unhealthy\">kubelet unhealthy</span>")
        }
        if let tightest = kubelet.tightestSignal, let headroom = tightest.headroomPercent,
            headroom < Self.nearEvictionPercent
        {
            let label: HTML = headroom <= 0 ? "evicting: \(tightest.signal)" : "near eviction: \(tightest.signal)"
            badges.append(" <span class=\"badge bad\" data-eviction=\"\(tightest.signal)\">\(label)</span>")
        }
        return "\(badges)"
    }

    /// The node card's filesystem line: `nodefs 70.1 %` (empty without `/stats/summary`).
    static func filesystem(_ kubelet: KubeletStatus?) -> HTML {
        guard let used = kubelet?.nodeFsUsedPercent else { return "" }
        return "<dt>node fs</dt><dd data-nodefs>\(Format.percent(used)) used</dd>"
    }

    static func section(
        _ kubelet: KubeletStatus?,
        snapshot: Snapshot? = nil,
        rates: SnapshotRates? = nil,
        nowMilliseconds: Int64 = WallClock.milliseconds()
    ) -> HTML {
        guard let kubelet else { return "" }
        let failed = kubelet.errors.map { error -> HTML in "<li><code>\(error.path)</code>: \(error.reason)</li>" }
        let errors: HTML =
            failed.isEmpty
            ? "" : "<div class=\"notice\">Not read from the kubelet (these parts are unknown):<ul>\(failed)</ul></div>"
        let signals = kubelet.evictionSignals.map { signal -> HTML in
            let headroom = signal.headroomPercent
            let wrong = (headroom ?? Self.nearEvictionPercent) < Self.nearEvictionPercent
            return """
                <tr\(wrong ? " class=\"wrong\"" as HTML : "")><td>\(signal.signal)</td><td>\(Self.threshold(signal.hard, signal.hardThreshold, signal.signal))</td>\
                <td>\(Self.threshold(signal.soft, signal.softThreshold, signal.signal))</td><td>\(Self.amount(signal.available, signal.signal))</td>\
                <td>\(Self.amount(signal.capacity, signal.signal))</td><td data-headroom="\(signal.signal)">\(Format.percent(headroom))</td></tr>
                """
        }
        let table: HTML =
            signals.isEmpty
            ? "<p>No eviction thresholds known.</p>"
            : "<table><thead><tr><th>eviction signal</th><th>hard</th><th>soft</th><th>available</th><th>of</th><th>headroom</th></tr></thead><tbody>\(signals)</tbody></table>"
        return """
            <section><h2>Kubelet</h2>\(errors)
            <dl class="facts"><dt>endpoint</dt><dd>\(kubelet.endpoint)</dd>
            <dt>health</dt><dd data-kubelet-health>\(Self.health(kubelet.healthy))\(kubelet.healthLatencyMicros.map { " in \(Format.fixed(Double($0) / 1000, 1)) ms" } ?? "")</dd>
            <dt>sync loop</dt><dd>\(Self.health(kubelet.syncLoopHealthy))</dd>
            <dt>node fs</dt><dd>\(Format.bytes(kubelet.nodeFsAvailableBytes)) free of \(Format.bytes(kubelet.nodeFsCapacityBytes)) (\(Format.percent(kubelet.nodeFsUsedPercent)) used); inodes \(kubelet.nodeFsInodesFree.map(String.init) ?? "—") free of \(kubelet.nodeFsInodes.map(String.init) ?? "—")</dd>
            <dt>image fs</dt><dd>\(Format.bytes(kubelet.imageFsAvailableBytes)) free of \(Format.bytes(kubelet.imageFsCapacityBytes))</dd>
            <dt>reserved</dt><dd>\(kubelet.reserved.isEmpty ? "—" : kubelet.reserved.joined(separator: ", "))</dd>
            <dt>pod start (average)</dt><dd>\(Self.seconds(kubelet.podStartSecondsAverage))</dd>
            <dt>PLEG relist (average)</dt><dd>\(Self.seconds(kubelet.plegRelistSecondsAverage))</dd>
            <dt>runtime errors</dt><dd data-runtime-errors>\(kubelet.runtimeOperationErrors.isEmpty ? "none" : kubelet.runtimeOperationErrors.map { "\($0.operation) \($0.count)" }.joined(separator: ", "))</dd>
            <dt>machine</dt><dd>\(kubelet.machineCores.map { "\($0) cores" } ?? "—"), \(Format.bytes(kubelet.machineMemoryBytes))\(kubelet.machineSource.isEmpty ? "" : " (\(kubelet.machineSource))")</dd></dl>
            \(table)
            \(Self.differences(kubelet, nowMilliseconds: nowMilliseconds))
            \(Self.probes(kubelet, nowMilliseconds: nowMilliseconds))
            \(KubeletPodStatsView.table(kubelet, snapshot: snapshot, rates: rates))
            </section>
            """
    }

    /// Probe results: failing probes first (recent failures, then all failures), each with its counts by result.
    static func probes(_ kubelet: KubeletStatus, nowMilliseconds: Int64) -> HTML {
        guard !kubelet.probes.isEmpty else { return "" }
        let failing = kubelet.probes.filter { $0.failed > 0 }.sorted {
            ($0.recentFailures, $0.failed) > ($1.recentFailures, $1.failed)
        }
        let rows = failing.map { probe -> HTML in
            let last = probe.lastFailureMilliseconds.map {
                "\(Format.duration(seconds: max(0, nowMilliseconds - $0) / 1000)) ago"
            }
            return """
                <tr\(probe.recentFailures > 0 ? " class=\"wrong\"" as HTML : "")><td>\(probe.namespace)/\(probe.pod)</td><td>\(probe.container)</td><td>\(probe.probeType)</td>\
                <td class="num">\(probe.recentFailures)</td><td class="num">\(probe.failed)</td><td class="num">\(probe.successful)</td><td class="num">\(probe.unknown)</td><td>\(last ?? "—")</td></tr>
                """
        }
        let summary: HTML =
            "<p>\(kubelet.probes.count) probes; \(failing.count) have failed since the kubelet started.</p>"
        guard !rows.isEmpty else { return "<h3>Probes</h3>\(summary)" }
        return """
            <h3>Probes</h3>\(summary)
            <table data-probes><thead><tr><th>pod</th><th>container</th><th>probe</th><th>failed, last minute</th><th>failed</th><th>succeeded</th><th>unknown</th><th>last failure</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    /// Pods the kubelet and the API server see differently, and for how long.
    static func differences(_ kubelet: KubeletStatus, nowMilliseconds: Int64) -> HTML {
        guard let running = kubelet.kubeletPods else { return "" }
        guard !kubelet.podDifferences.isEmpty else {
            return "<p data-pods-agree>The kubelet runs \(running) pods; the API server lists the same.</p>"
        }
        let rows = kubelet.podDifferences.map { difference -> HTML in
            let seconds = max(0, nowMilliseconds - difference.sinceMilliseconds) / 1000
            return """
                <tr class="wrong"><td>\(difference.namespace)/\(difference.name)</td><td>\(difference.kubeletPhase.isEmpty ? "not running" : difference.kubeletPhase)</td>\
                <td>\(difference.apiPhase.isEmpty ? "not listed" : difference.apiPhase)</td><td>\(Format.duration(seconds: seconds))</td></tr>
                """
        }
        return """
            <h3>Kubelet and API server disagree</h3>
            <table data-pod-differences><thead><tr><th>pod</th><th>kubelet</th><th>API server</th><th>for</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    /// Two rates from cAdvisor, or nothing when it has neither.
    static func io(_ first: String, _ a: Double?, _ second: String, _ b: Double?) -> String {
        guard a != nil || b != nil else { return "" }
        return "\(first) \(Format.rate(a)), \(second) \(Format.rate(b))"
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return Format.unknown }
        return value < 1 ? "\(Format.fixed(value * 1000, 1)) ms" : "\(Format.fixed(value, 2)) s"
    }

    static func health(_ value: Bool?) -> String {
        switch value {
        case true?: "ok"
        case false?: "failing"
        case nil: "unknown"
        }
    }

    /// Bytes for memory and filesystems, a count for inodes and PIDs.
    static func amount(_ value: UInt64?, _ signal: String) -> String {
        guard let value else { return Format.unknown }
        return signal.hasSuffix("inodesFree") || signal.hasPrefix("pid.") ? String(value) : Format.bytes(value)
    }

    static func threshold(_ configured: String, _ resolved: UInt64?, _ signal: String) -> String {
        guard !configured.isEmpty else { return "—" }
        guard configured.hasSuffix("%"), let resolved else { return configured }
        return "\(configured) (\(Self.amount(resolved, signal)))"
    }
}
