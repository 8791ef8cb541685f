import AlertEngine
import Hummingbird

extension AlertPageRoutes {
    /// `?rule=ID&page=N`: one rule's firing alerts, a page at a time (nil without `rule`). A page past the last
    /// shows the last: a page number from an old link must not produce an empty page.
    func selection(_ request: Request) -> AlertsView.Selection? {
        guard let ruleID = request.uri.queryParameters.get("rule"), !ruleID.isEmpty else { return nil }
        let size = AlertsView.Selection.pageSize
        let asked = request.uri.queryParameters.get("page").flatMap { Int($0) }.map { min(max($0, 1), 100_000) } ?? 1
        var result = self.web.alerts.firingPage(ruleID: ruleID, offset: (asked - 1) * size, limit: size)
        let page = min(asked, max(1, (result.total + size - 1) / size))
        if page != asked {
            result = self.web.alerts.firingPage(ruleID: ruleID, offset: (page - 1) * size, limit: size)
        }
        return AlertsView.Selection(ruleID: ruleID, page: page, alerts: result.alerts, total: result.total)
    }
}
