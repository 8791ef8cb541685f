import Alerting

/// The history section of /alerts: a window (1 h, 24 h, 7 d or custom since/until) and pages of 50.
enum AlertHistoryView {
    static func section(window: HistoryWindow, page: (alerts: [Alert], total: Int)?, error: String?) -> HTML {
        let links = HistoryWindow.windows.map { name, _ -> HTML in
            name == window.window
                ? "<strong>\(name)</strong> " : "<a href=\"/alerts?window=\(name)#history\">\(name)</a> "
        }
        let custom: HTML = """
            <form method="get" action="/alerts#history" class="inline">
            <label>since <input name="since" placeholder="2026-11-21T08:00:00Z" value="\(window.window == nil ? Timestamp.rfc3339(milliseconds: window.since) : "")"></label>
            <label>until <input name="until" placeholder="now" value="\(window.window == nil ? Timestamp.rfc3339(milliseconds: window.until) : "")"></label>
            <button>Show</button></form>
            """
        guard let page else {
            return """
                <section id="history"><h2>History</h2><div class="window">last \(links)· \(custom)</div><p class="bad">\(error ?? "unavailable")</p></section>
                """
        }
        let rows = page.alerts.map { alert -> HTML in
            """
            <tr><td>\(alert.state.rawValue)\(alert.dismissed ? " (dismissed)" : "")</td><td>\(alert.ruleName)</td><td>\(AlertsView.subjectLink(alert.subject))</td>
            <td>\(alert.condition)</td><td class="num">\(AlertValue.text(alert.value))</td><td>\(Timestamp.rfc3339(milliseconds: alert.startedMilliseconds))</td>
            <td>\(alert.resolvedMilliseconds.map { Timestamp.rfc3339(milliseconds: $0) } ?? "—")</td><td>\(alert.reason ?? "")</td></tr>
            """
        }
        func pageLink(_ offset: Int, _ label: String) -> HTML {
            var query =
                window.window.map { "window=\($0)" }
                ?? "since=\(Timestamp.rfc3339(milliseconds: window.since))&until=\(Timestamp.rfc3339(milliseconds: window.until))"
            query += "&offset=\(offset)"
            return "<a href=\"/alerts?\(query)#history\">\(label)</a>"
        }
        let previous: HTML = window.offset > 0 ? pageLink(max(0, window.offset - window.limit), "← newer") : ""
        let next: HTML =
            window.offset + page.alerts.count < page.total ? pageLink(window.offset + window.limit, "older →") : ""
        let shown = page.alerts.isEmpty ? "0" : "\(window.offset + 1)–\(window.offset + page.alerts.count)"
        return """
            <section id="history"><h2>History</h2>
            <div class="window">last \(links)· \(custom)</div>
            <p>\(shown) of \(page.total) alerts started between \(Timestamp.rfc3339(milliseconds: window.since)) and \(Timestamp.rfc3339(milliseconds: window.until)). \(previous) \(next)</p>
            <table><thead><tr><th>state</th><th>rule</th><th>target</th><th>condition</th><th>value</th><th>started</th><th>resolved</th><th>reason</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }
}
