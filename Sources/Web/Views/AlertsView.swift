import AlertEngine
import Alerting

/// `/alerts`: rules with their state, the rule form, firing alerts with dismiss, deliveries, and history.
enum AlertsView {
    struct Context {
        var overview: AlertCenter.Overview
        var targets: NotificationTargets
        var csrf: String
        var mayWrite: Bool
        var adminTokenSet: Bool
        var form: RuleForm
        var problems: [String]
        var history: HTML
        var now: Int64
        /// One rule's firing alerts, paged (`?rule=`), instead of every rule's worst few.
        var selection: Selection?
    }

    struct Selection {
        static let pageSize = 50
        var ruleID: String
        var page: Int
        var alerts: [Alert]
        var total: Int
    }

    static func page(_ context: Context, banner: HTML?) -> HTML {
        let login: HTML =
            context.mayWrite
            ? (context.adminTokenSet
                ? "<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(context.csrf)\"><button>Log out</button></form>"
                : "")
            : "<p class=\"note\">Changing rules and dismissing alerts needs the admin token: <a href=\"/login\">log in</a>.</p>"
        let form: HTML =
            context.mayWrite
            ? """
            <details\(context.problems.isEmpty ? "" : " open")><summary>New rule</summary>
            \(RuleFormView.form(action: "/alerts/rules", values: context.form, problems: context.problems, csrf: context.csrf, submit: "Create rule"))
            </details>
            """ : ""
        return Layout.page(
            title: "Alerts",
            breadcrumbs: [("nodes", "/"), ("alerts", nil)],
            banner: banner,
            body: """
                <h1>Alerts</h1>\(login)
                <p class="note" id="leadership" data-role="\(context.overview.leadership.role.rawValue)">\(context.overview.leadership.summary)</p>
                <section><h2>Firing</h2>\(Layout.live(Self.fragment(context), Self.active(context)))</section>
                <section><h2>Rules <small>(\(context.overview.rules.count))</small></h2>\(Self.rules(context))\(form)</section>
                \(Self.limits(context))
                \(Self.deliveries(context))
                \(context.history)
                """
        )
    }

    static func active(_ context: Context) -> HTML {
        if let selection = context.selection { return Self.rulePage(context, selection) }
        let groups = context.overview.firingGroups
        guard !groups.isEmpty else {
            return context.overview.loaded
                ? "<p class=\"empty\">Nothing is firing.</p>"
                : "<p class=\"empty\">Alert rules are not loaded yet (waiting for the database).</p>"
        }
        let sections = groups.map { group -> HTML in
            let more: HTML =
                group.count > group.worst.count
                ? "<p class=\"note\"><a href=\"/alerts?rule=\(HTML.segment(group.ruleID))\">all \(group.count) alerts of this rule</a>, the worst first</p>"
                : ""
            return """
                <h3 class="alert-group"><span class="badge alert-\(group.severity.rawValue)">\(group.severity.rawValue)</span> \(group.ruleName) <small>\(group.count) firing</small></h3>
                \(Self.table(group.worst, context))\(more)
                """
        }
        return "<p class=\"note\">\(context.overview.firingTotal) firing, by rule; the worst first.</p>\(sections)"
    }

    /// `/alerts?rule=ID&page=N`: one rule's firing alerts, a page at a time.
    static func rulePage(_ context: Context, _ selection: Selection) -> HTML {
        let pages = max(1, (selection.total + Selection.pageSize - 1) / Selection.pageSize)
        let base = "/alerts?rule=\(HTML.segment(selection.ruleID))"
        let previous: HTML =
            selection.page > 1 ? "<a href=\"\(base)&amp;page=\(selection.page - 1)\">previous</a> " : ""
        let next: HTML = selection.page < pages ? " <a href=\"\(base)&amp;page=\(selection.page + 1)\">next</a>" : ""
        let name = context.overview.rules.first { $0.id == selection.ruleID }?.name ?? selection.ruleID
        return """
            <p class="note">Rule \(name): \(selection.total) firing, the worst first — page \(selection.page) of \(pages). \(previous)\(next) · <a href="/alerts">all rules</a></p>
            \(selection.alerts.isEmpty ? "<p class=\"empty\">Nothing of this rule is firing.</p>" : Self.table(selection.alerts, context))
            """
    }

    static func table(_ alerts: [Alert], _ context: Context) -> HTML {
        let rows = alerts.map { alert -> HTML in
            let dismiss: HTML =
                context.mayWrite
                ? "<form method=\"post\" action=\"/alerts/\(HTML.segment(alert.id))/dismiss\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(context.csrf)\"><button title=\"Acknowledge: resolve now and stay quiet until the condition clears once\">Dismiss</button></form>"
                : ""
            let top = alert.context.flatMap { NotificationText.top($0).first } ?? ""
            return """
                <tr class="sev-\(alert.severity.rawValue)"><td><a href="/alerts/\(HTML.segment(alert.id))">\(alert.ruleName)</a></td><td>\(Self.subjectLink(alert.subject))</td><td>\(alert.condition)</td>
                <td class="num">\(AlertValue.text(alert.value))</td><td class="cmd">\(top)</td><td>\(Format.clock(alert.startedMilliseconds))</td>
                <td>\(AlertValue.duration(milliseconds: context.now - alert.startedMilliseconds))</td><td>\(dismiss)</td></tr>
                """
        }
        return """
            <table><thead><tr><th>rule</th><th>target</th><th>condition</th><th>value</th><th>top at fire time</th><th>since</th><th>for</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    /// The live fragment's address, keeping the rule and page shown.
    static func fragment(_ context: Context) -> String {
        guard let selection = context.selection else { return "/alerts/fragments/active" }
        return "/alerts/fragments/active?rule=\(HTML.segment(selection.ruleID))&page=\(selection.page)"
    }

    static func rules(_ context: Context) -> HTML {
        guard !context.overview.rules.isEmpty else {
            return "<p class=\"empty\">No rules yet.\(context.mayWrite ? " Create one below." : "")</p>"
        }
        let rows = context.overview.rules.map { rule -> HTML in
            let count = context.overview.counts[rule.id] ?? AlertCenter.RuleCounts()
            var badges: [HTML] = []
            if !rule.enabled { badges.append("<span class=\"badge stale\">disabled</span>") }
            if count.firing > 0 {
                badges.append("<span class=\"badge alert-\(rule.severity.rawValue)\">firing \(count.firing)</span>")
            }
            if count.pending > 0 { badges.append("<span class=\"badge pending\">pending \(count.pending)</span>") }
            if count.silenced > 0 {
                badges.append(
                    "<span class=\"badge stale\" title=\"dismissed: quiet until the condition clears\">dismissed \(count.silenced)</span>"
                )
            }
            if badges.isEmpty { badges.append("<span class=\"badge ok\">ok</span>") }
            let state: HTML = "\(badges)"
            let id = HTML.segment(rule.id)
            let actions: HTML =
                context.mayWrite
                ? """
                <a href="/alerts/rules/\(id)/edit">edit</a>
                <form method="post" action="/alerts/rules/\(id)/\(rule.enabled ? "disable" : "enable")" class="inline"><input type="hidden" name="csrf" value="\(context.csrf)"><button>\(rule.enabled ? "disable" : "enable")</button></form>
                <form method="post" action="/alerts/rules/\(id)/delete" class="inline"><input type="hidden" name="csrf" value="\(context.csrf)"><button class="danger">delete</button></form>
                """ : ""
            let resolve = rule.resolveThreshold.map { " (resolves past \(AlertValue.text($0)))" } ?? ""
            return """
                <tr><td>\(rule.name)</td><td>\(rule.target.summary)</td>
                <td>\(rule.metric) \(rule.comparison.rawValue) \(AlertValue.text(rule.threshold))\(resolve)</td>
                <td>\(AlertValue.duration(milliseconds: Int64(rule.forSeconds) * 1000))</td><td>\(rule.severity.rawValue)</td>
                <td>\(rule.channels.isEmpty ? "UI only" : rule.channels.joined(separator: ", "))</td><td>\(state)</td><td>\(actions)</td></tr>
                """
        }
        return """
            <table><thead><tr><th>name</th><th>target</th><th>condition</th><th>for</th><th>severity</th><th>channels</th><th>state</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    static func deliveries(_ context: Context) -> HTML {
        func destination(_ url: String?, _ flag: String) -> HTML {
            url.map { "\(NotificationTargets.masked($0))" } ?? "<em>not configured</em> (\(flag))"
        }
        let notifications = context.overview.notifications
        let pending = notifications.filter { $0.status == .pending }
        let failed = notifications.filter { $0.status == .failed }.reversed()
        let (pendingCount, failedCount) = (context.overview.pendingNotifications, context.overview.failedNotifications)
        let rows = (pending + failed).map { item -> HTML in
            """
            <tr><td>\(item.status.rawValue)</td><td>\(item.channel)</td><td>\(item.kind.rawValue)</td><td>\(item.event.ruleName) · \(item.event.subject.description)</td>
            <td class="num">\(item.attempts)</td><td>\(item.status == .pending ? Format.clock(item.nextAttemptMilliseconds) : "—")</td><td>\(item.lastError ?? "")</td></tr>
            """
        }
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">No pending or failed notifications.</p>"
            : "<table><thead><tr><th>status</th><th>channel</th><th>kind</th><th>alert</th><th>attempts</th><th>next try</th><th>last error</th></tr></thead><tbody>\(rows)</tbody></table>"
        return """
            <section><h2>Notifications</h2>
            <dl class="facts"><dt>Discord</dt><dd>\(destination(context.targets.discordWebhook, "--discord-webhook"))</dd>
            <dt>Slack</dt><dd>\(destination(context.targets.slackWebhook, "--slack-webhook"))</dd>
            <dt>webhook</dt><dd>\(destination(context.targets.webhook, "--webhook"))</dd>
            <dt>pending</dt><dd>\(pendingCount)</dd><dt>failed</dt><dd class="\(failedCount == 0 ? "" : "bad")">\(failedCount)</dd></dl>
            \(pendingCount + failedCount > rows.count ? "<p class=\"note\">Showing the first \(pending.count) pending and the last \(failed.count) failed.</p>" : "")
            \(table)</section>
            """
    }

    static func subjectLink(_ subject: AlertSubject) -> HTML {
        switch subject.kind {
        case .node:
            return "<a href=\"/nodes/\(HTML.segment(subject.node))\">\(subject.description)</a>"
        case .pod, .container:
            guard !subject.node.isEmpty else { return "\(subject.description)" }
            return
                "<a href=\"/nodes/\(HTML.segment(subject.node))/pods/\(HTML.segment(subject.namespace))/\(HTML.segment(subject.pod))\">\(subject.description)</a>"
        }
    }
}
