import Alerting
import Profiles

/// `/alerts/{id}`: one alert — its condition and times, what its subject was doing when it fired (the top
/// processes, or for a node the top pods), and the profile its rule asked for.
enum AlertDetailView {
    static func page(_ alert: Alert, csrf: String, mayWrite: Bool, now: Int64, banner: HTML?) -> HTML {
        let end = alert.resolvedMilliseconds ?? now
        let dismiss: HTML =
            mayWrite && alert.state == .firing
            ? "<form method=\"post\" action=\"/alerts/\(HTML.segment(alert.id))/dismiss\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\"><button>Dismiss</button></form>"
            : ""
        let resolved: HTML =
            alert.resolvedMilliseconds.map {
                "<dt>resolved</dt><dd>\(Format.clock($0)) (\(alert.reason ?? "cleared"))</dd>"
            } ?? ""
        let body: HTML = """
            <h1><span class="badge alert-\(alert.severity.rawValue)">\(alert.severity.rawValue)</span> \(alert.ruleName) <small>\(alert.state.rawValue)</small></h1>
            <dl class="facts"><dt>target</dt><dd>\(AlertsView.subjectLink(alert.subject))</dd>
            <dt>condition</dt><dd>\(alert.condition)</dd><dt>value</dt><dd>\(AlertValue.text(alert.value))</dd>
            <dt>fired</dt><dd>\(Format.clock(alert.startedMilliseconds))</dd>\(resolved)
            <dt>for</dt><dd>\(AlertValue.duration(milliseconds: end - alert.startedMilliseconds))</dd></dl>\(dismiss)
            \(Self.profile(alert))
            \(Self.context(alert.context, subject: alert.subject))
            """
        return Layout.page(
            title: "Alert \(alert.ruleName)",
            breadcrumbs: [("nodes", "/"), ("alerts", "/alerts"), (alert.ruleName, nil)],
            banner: banner,
            body: body
        )
    }

    static func profile(_ alert: Alert) -> HTML {
        guard let profile = alert.context?.profile else { return "" }
        let text = NotificationText.profile(profile) ?? ""
        let link: HTML =
            profile.state == .done
            ? " — <a href=\"/alerts/\(HTML.segment(alert.id))/profile\" id=\"alert-flame-link\">flame graph</a>"
            : ""
        let cls = profile.state == .failed || profile.state == .skipped ? "bad" : "note"
        return "<section><h2>Profile on fire</h2><p class=\"\(cls)\">\(text)\(link)</p></section>"
    }

    static func context(_ context: AlertContext?, subject: AlertSubject) -> HTML {
        guard let context else {
            return
                "<section><h2>At fire time</h2><p class=\"empty\">No context was captured for this alert.</p></section>"
        }
        let when = Format.clock(context.capturedMilliseconds)
        if subject.kind == .node {
            let rows = context.pods.map { pod -> HTML in
                let link: HTML =
                    "<a href=\"/nodes/\(HTML.segment(subject.node))/pods/\(HTML.segment(pod.namespace))/\(HTML.segment(pod.pod))\">\(pod.namespace)/\(pod.pod)</a>"
                return """
                    <tr><td>\(link)</td><td class="num">\(Format.cores(pod.cpuCores))</td>
                    <td class="num">\(Format.bytes(pod.memoryBytes))</td><td class="num">\(Format.rate(pod.ioBytesPerSecond))</td></tr>
                    """
            }
            return """
                <section><h2>Top pods at fire time <small>(\(when), by \(context.rankedBy.rawValue), \(context.pods.count) of \(context.podCount))</small></h2>
                <table class="alert-context"><thead><tr><th>pod</th><th>CPU</th><th>memory</th><th>disk I/O</th></tr></thead><tbody>\(rows)</tbody></table></section>
                """
        }
        let rows = context.processes.map { process -> HTML in
            """
            <tr><td class="num">\(process.pid)</td><td>\(process.container)</td><td class="cmd" title="\(process.command)">\(String(process.command.prefix(160)))</td>
            <td>\(process.state)</td><td class="num">\(Format.fixed(process.cpuPercent))</td><td class="num">\(Format.bytes(process.memoryBytes))</td>
            <td class="num">\(process.threads)</td><td class="num">\(Format.rate(process.ioBytesPerSecond))</td></tr>
            """
        }
        return """
            <section><h2>Top processes at fire time <small>(\(when), by \(context.rankedBy.rawValue), \(context.processes.count) of \(context.processCount))</small></h2>
            <table class="alert-context"><thead><tr><th>PID</th><th>container</th><th>command</th><th>state</th><th>CPU %</th><th>RSS</th><th>threads</th><th>disk I/O</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }

    /// The flame graph of the profile taken when the alert fired.
    static func flameGraph(_ alert: Alert, folded: [UInt8], banner: HTML?) -> HTML {
        let title = "\(alert.subject.namespace)/\(alert.subject.pod) when \(alert.ruleName) fired"
        let graph = FlameGraph(folded: String(decoding: folded, as: UTF8.self))
        let body: HTML = """
            <h1>Profile: \(title)</h1>
            <p><a href="/alerts/\(HTML.segment(alert.id))">Back to the alert</a> · <a href="/alerts/\(HTML.segment(alert.id))/profile/folded">folded stacks</a></p>
            <div class="flame-tools"><input type="search" id="flame-search" placeholder="search frames (regex)" aria-label="search frames">
            <button type="button" id="flame-reset">Reset zoom</button> <span id="flame-match"></span></div>
            <p id="flame-details" class="note">Click a frame to zoom; hover for its samples.</p>
            <div class="flame">\(FlameGraphSVG.render(graph, title: title))</div>
            <script src="/assets/flamegraph.js" defer></script>
            """
        return Layout.page(
            title: "Profile of \(alert.ruleName)",
            breadcrumbs: [
                ("nodes", "/"), ("alerts", "/alerts"), (alert.ruleName, "/alerts/\(HTML.segment(alert.id))"),
                ("profile", nil),
            ],
            banner: banner,
            body: body
        )
    }
}
