import Alerting

/// The create/edit rule form. Works without JavaScript; every value typed is re-shown (escaped) with the
/// problems when the server refuses it.
enum RuleFormView {
    static func form(action: String, values: RuleForm, problems: [String], csrf: String, submit: String) -> HTML {
        func value(_ text: String?) -> HTML { "value=\"\(text ?? "")\"" }
        func checked(_ on: Bool) -> HTML { on ? " checked" : "" }
        func selected(_ on: Bool) -> HTML { on ? " selected" : "" }
        let kind = values.targetKind ?? "node"
        let metrics = AlertMetric.all.values.sorted { ($0.scope.rawValue, $0.name) < ($1.scope.rawValue, $1.name) }
        let metricOptions = metrics.map { metric -> HTML in
            "<option value=\"\(metric.name)\"\(selected(values.metric == metric.name))>\(metric.name)\(metric.unit.isEmpty ? "" : " (\(metric.unit))") — \(metric.summary)</option>"
        }
        let operators = AlertOperator.allCases.map { op -> HTML in
            "<option\(selected(values.operator == op.rawValue))>\(op.rawValue)</option>"
        }
        let workloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet"].map {
            kind -> HTML in
            "<option\(selected((values.workloadKind ?? "Deployment") == kind))>\(kind)</option>"
        }
        let severities = AlertSeverity.allCases.map { severity -> HTML in
            "<option\(selected(values.severity == severity.rawValue))>\(severity.rawValue)</option>"
        }
        let groupings = AlertGrouping.allCases.map { grouping -> HTML in
            "<option\(selected((values.groupBy ?? "namespace") == grouping.rawValue))>\(grouping.rawValue)</option>"
        }
        let errors: HTML =
            problems.isEmpty
            ? ""
            : "<div class=\"form-errors\" role=\"alert\"><strong>Not saved:</strong><ul>\(problems.map { HTML("<li>\($0)</li>") })</ul></div>"
        return """
            <form method="post" action="\(action)" class="rule-form">
            \(errors)
            <input type="hidden" name="csrf" value="\(csrf)">
            <label>Name <input name="name" \(value(values.name)) required maxlength="200"></label>
            <fieldset><legend>Target</legend>
            <label><input type="radio" name="target_kind" value="node"\(checked(kind == "node"))> node</label>
            <label><input type="radio" name="target_kind" value="pods"\(checked(kind == "pods"))> pods</label>
            <label><input type="radio" name="target_kind" value="containers"\(checked(kind == "containers"))> containers</label>
            <label><input type="radio" name="target_kind" value="workload"\(checked(kind == "workload"))> workload</label>
            <label>Node (name, or * for all) <input name="node" \(value(values.node))></label>
            <label>Namespace <input name="namespace" \(value(values.namespace))></label>
            <label>Pod name prefix (survives rollouts) <input name="pod_prefix" \(value(values.podPrefix))></label>
            <label>Label selector (pods: <code>app=checkout,tier!=canary</code>) <input name="selector" \(value(values.selector))></label>
            <label>Container <input name="container" \(value(values.container))></label>
            <label>Workload kind <select name="workload_kind">\(workloadKinds)</select></label>
            <label>Workload name <input name="workload" \(value(values.workload))></label>
            </fieldset>
            <label>Metric <select name="metric">\(metricOptions)</select></label>
            <div class="row"><label>Operator <select name="operator">\(operators)</select></label>
            <label>Threshold <input name="threshold" inputmode="decimal" \(value(values.threshold)) required></label>
            <label>Resolve threshold (optional, hysteresis) <input name="resolve_threshold" inputmode="decimal" \(value(values.resolveThreshold))></label></div>
            <div class="row"><label>For (seconds) <input name="for_seconds" inputmode="numeric" \(value(values.forSeconds))></label>
            <label>Severity <select name="severity">\(severities)</select></label>
            <label>Re-notify every (seconds, 0 = never) <input name="renotify_seconds" inputmode="numeric" \(value(values.renotifySeconds))></label>
            <label>Profile the pod when it fires (seconds, 0 = no) <input name="profile_on_fire_seconds" inputmode="numeric" \(value(values.profileOnFireSeconds))></label></div>
            <fieldset><legend>Notify</legend>
            <label><input type="checkbox" name="channel_discord"\(checked(values.channelDiscord != nil))> Discord</label>
            <label><input type="checkbox" name="channel_webhook"\(checked(values.channelWebhook != nil))> webhook</label>
            <label><input type="checkbox" name="channel_slack"\(checked(values.channelSlack != nil))> Slack</label>
            <label>Group notifications by <select name="group_by">\(groupings)</select></label>
            <label>Discord mentions <input name="discord_mentions" placeholder="<@123> <@&456>" \(value(values.discordMentions))></label>
            </fieldset>
            <label><input type="checkbox" name="enabled"\(checked(values.enabled != nil))> enabled</label>
            <button type="submit">\(submit)</button>
            </form>
            """
    }
}
