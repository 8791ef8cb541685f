import Alerting
import Foundation
import LabelSelection

/// The rule form as posted (every field text), turned into a ``RuleDraft`` with errors that name the field,
/// and back (to re-show what was typed next to the errors, or to prefill an edit).
struct RuleForm: Decodable, Sendable {
    var csrf: String?
    var name: String?
    var targetKind: String?
    var node: String?
    var namespace: String?
    var podPrefix: String?
    var selector: String?
    var container: String?
    var workloadKind: String?
    var workload: String?
    var metric: String?
    var `operator`: String?
    var threshold: String?
    var resolveThreshold: String?
    var forSeconds: String?
    var severity: String?
    var renotifySeconds: String?
    var channelDiscord: String?
    var channelWebhook: String?
    var channelSlack: String?
    var discordMentions: String?
    var profileOnFireSeconds: String?
    var groupBy: String?
    var enabled: String?

    enum CodingKeys: String, CodingKey {
        case csrf, name, node, namespace, container, metric, threshold, severity, enabled, `operator`, workload
        case workloadKind = "workload_kind"
        case targetKind = "target_kind"
        case podPrefix = "pod_prefix"
        case selector
        case resolveThreshold = "resolve_threshold"
        case forSeconds = "for_seconds"
        case renotifySeconds = "renotify_seconds"
        case channelDiscord = "channel_discord"
        case channelWebhook = "channel_webhook"
        case channelSlack = "channel_slack"
        case discordMentions = "discord_mentions"
        case profileOnFireSeconds = "profile_on_fire_seconds"
        case groupBy = "group_by"
    }

    /// A new rule's defaults.
    static func blank(channels: [String]) -> RuleForm {
        var form = RuleForm()
        form.targetKind = "node"
        form.node = "*"
        form.metric = AlertMetric.nodeCPUPercent.name
        form.operator = ">"
        form.forSeconds = "60"
        form.severity = AlertSeverity.warning.rawValue
        form.renotifySeconds = "3600"
        form.channelDiscord = channels.contains("discord") ? "on" : nil
        form.channelWebhook = channels.contains("webhook") ? "on" : nil
        form.channelSlack = channels.contains("slack") ? "on" : nil
        form.profileOnFireSeconds = "0"
        form.groupBy = AlertGrouping.namespace.rawValue
        form.enabled = "on"
        return form
    }

    init() {}

    init(_ rule: AlertRule) {
        self.name = rule.name
        switch rule.target {
        case .node(let node):
            self.targetKind = "node"
            self.node = node
        case .pods(let namespace, let prefix, let selector):
            self.targetKind = "pods"
            self.namespace = namespace
            self.podPrefix = prefix
            self.selector = selector.description
        case .containers(let namespace, let prefix, let container):
            self.targetKind = "containers"
            self.namespace = namespace
            self.podPrefix = prefix
            self.container = container
        case .workload(let namespace, let kind, let name):
            self.targetKind = "workload"
            self.namespace = namespace
            self.workloadKind = kind
            self.workload = name
        }
        self.metric = rule.metric
        self.operator = rule.comparison.rawValue
        self.threshold = AlertValue.text(rule.threshold)
        self.resolveThreshold = rule.resolveThreshold.map { AlertValue.text($0) }
        self.forSeconds = String(rule.forSeconds)
        self.severity = rule.severity.rawValue
        self.renotifySeconds = String(rule.renotifySeconds)
        self.channelDiscord = rule.channels.contains("discord") ? "on" : nil
        self.channelWebhook = rule.channels.contains("webhook") ? "on" : nil
        self.channelSlack = rule.channels.contains("slack") ? "on" : nil
        self.profileOnFireSeconds = String(rule.profileOnFireSeconds)
        self.groupBy = rule.groupBy.rawValue
        self.discordMentions = rule.discordMentions.joined(separator: " ")
        self.enabled = rule.enabled ? "on" : nil
    }

    /// Every field of the rule (the form always shows them all); the problems, each naming its field.
    func draft() -> (RuleDraft, [String]) {
        var problems: [String] = []
        var draft = RuleDraft()
        func text(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespaces) }
        draft.name = text(self.name)
        switch text(self.targetKind) {
        case "node": draft.target = .node(text(self.node))
        case "pods":
            do {
                draft.target = .pods(
                    namespace: text(self.namespace),
                    podPrefix: text(self.podPrefix),
                    selector: try LabelSelector(parsing: text(self.selector))
                )
            } catch {
                problems.append("selector: \(error.message)")
            }
        case "containers":
            draft.target = .containers(
                namespace: text(self.namespace),
                podPrefix: text(self.podPrefix),
                container: text(self.container)
            )
        case "workload":
            draft.target = .workload(
                namespace: text(self.namespace),
                kind: text(self.workloadKind),
                name: text(self.workload)
            )
        default: problems.append("target: choose node, pods, containers or workload")
        }
        draft.metric = text(self.metric)
        if let comparison = AlertOperator(rawValue: text(self.operator)) {
            draft.comparison = comparison
        } else {
            problems.append("operator: choose one of >, >=, <, <=")
        }
        if let threshold = Double(text(self.threshold)), threshold.isFinite {
            draft.threshold = threshold
        } else {
            problems.append("threshold: '\(text(self.threshold).prefix(30))' is not a number")
        }
        let resolve = text(self.resolveThreshold)
        if resolve.isEmpty {
            draft.resolveThreshold = .some(nil)
        } else if let value = Double(resolve), value.isFinite {
            draft.resolveThreshold = value
        } else {
            problems.append("resolve threshold: '\(resolve.prefix(30))' is not a number")
        }
        if let value = Int(text(self.forSeconds)) {
            draft.forSeconds = value
        } else {
            problems.append("for (seconds): enter whole seconds")
        }
        if let value = Int(text(self.renotifySeconds)) {
            draft.renotifySeconds = value
        } else {
            problems.append("re-notify (seconds): enter whole seconds")
        }
        if let severity = AlertSeverity(rawValue: text(self.severity)) {
            draft.severity = severity
        } else {
            problems.append("severity: choose info, warning or critical")
        }
        let profile = text(self.profileOnFireSeconds)
        if profile.isEmpty {
            draft.profileOnFireSeconds = 0
        } else if let value = Int(profile) {
            draft.profileOnFireSeconds = value
        } else {
            problems.append("profile on fire (seconds): enter whole seconds, or 0 for none")
        }
        if let grouping = AlertGrouping(rawValue: text(self.groupBy).isEmpty ? "namespace" : text(self.groupBy)) {
            draft.groupBy = grouping
        } else {
            problems.append("group notifications by: choose node, namespace or workload")
        }
        draft.channels =
            (self.channelDiscord != nil ? ["discord"] : []) + (self.channelWebhook != nil ? ["webhook"] : [])
            + (self.channelSlack != nil ? ["slack"] : [])
        draft.discordMentions = text(self.discordMentions).split { $0 == " " || $0 == "," }.map(String.init)
        draft.enabled = self.enabled != nil
        if !problems.isEmpty {
            // Also report what else is wrong, so that one round trip shows every problem.
            var patched = draft
            patched.threshold = patched.threshold ?? 0
            patched.comparison = patched.comparison ?? .greater
            patched.target = patched.target ?? .node("*")
            do {
                _ = try patched.makeRule(id: "", defaultChannels: [])
            } catch {
                problems += error.message.split(separator: "; ").map(String.init)
            }
        }
        return (draft, problems)
    }
}
