import AlertEngine
import Alerting

extension AlertsView {
    /// What the alert bookkeeping refused or gave up, with the limit reached, so that nothing is lost
    /// silently: subjects not tracked past a rule's maximum of pairs, notifications dropped past the maximum
    /// waiting, and journal entries the database refused for their data. Empty when nothing was.
    static func limits(_ context: Context) -> HTML {
        let overview = context.overview
        let names = Dictionary(overview.rules.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var rows: [HTML] = []
        for (rule, count) in overview.pairsRefused.sorted(by: { $0.key < $1.key }) {
            rows.append(
                "<tr><td>\(names[rule] ?? rule)</td><td class=\"num\">\(count)</td><td>subjects not tracked: the rule holds its maximum of \(overview.limits.pairsPerRule) pairs (--max-alert-pairs-per-rule)</td></tr>"
            )
        }
        for (rule, count) in overview.notificationsDropped.sorted(by: { $0.key < $1.key }) {
            rows.append(
                "<tr><td>\(names[rule] ?? rule)</td><td class=\"num\">\(count)</td><td>notifications dropped, oldest first: more than \(overview.limits.pendingNotificationsPerRule) were waiting (--max-pending-notifications-per-rule)</td></tr>"
            )
        }
        for entry in overview.setAside.reversed() {
            rows.append(
                "<tr><td>database</td><td class=\"num\">1</td><td>set aside at \(Format.clock(entry.atMilliseconds)), refused for its data: \(entry.error) — \(String(entry.entry.prefix(300)))</td></tr>"
            )
        }
        guard !rows.isEmpty else { return "" }
        return """
            <section><h2>Limits reached</h2><table><thead><tr><th>rule</th><th>count</th><th>what happened</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }
}
