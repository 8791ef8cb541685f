/// The generic webhook's body, version 2 (docs/api.md "Webhook payload"): one message per (rule, group), with
/// every notification it carries. Keys are snake_case.
struct WebhookMessage: Encodable {
    var version = 2
    var ruleID: String
    var ruleName: String
    var groupKey: String
    /// Alerts of the rule in this group firing when the message was composed.
    var firing: Int
    var url: String?
    /// The worst ``carried`` of the message's notifications (firing ones furthest past the threshold first).
    var notifications: [Notification]
    /// How many notifications the message stands for; more than carried when `truncated`.
    var notificationCount: Int
    var truncated: Bool

    /// Notifications carried one by one: a storm's message stays a few hundred KB.
    static let carried = 100

    struct Notification: Encodable {
        var id: String
        var kind: String
        var alertID: String
        var severity: String
        var subject: Subject
        var metric: String
        var unit: String
        var `operator`: String
        var threshold: Double
        var value: Double?
        var startedAt: String
        var at: String
        var durationSeconds: Double
        var reason: String?
        var rankedBy: String?
        var processes: [AlertContext.Process]
        var pods: [AlertContext.Pod]
        var profile: AlertProfile?
        var url: String?
        var profileUrl: String?
    }

    struct Subject: Encodable {
        var key: String
        var kind: String
        var node: String
        var namespace: String
        var pod: String
        var container: String
        var workload: String
    }

    init(_ batch: NotificationBatch, links: NotificationLinks?) {
        let first = batch.notifications.first?.event
        self.ruleID = batch.ruleID
        self.ruleName = first?.ruleName ?? ""
        self.groupKey = batch.groupKey
        self.firing = batch.firing
        self.url = links?.rule(batch.ruleID)
        self.notificationCount = batch.notifications.count
        self.truncated = batch.notifications.count > Self.carried
        self.notifications = batch.worst(Self.carried).map { notification in
            let event = notification.event
            let subject = event.subject
            return Notification(
                id: notification.id,
                kind: notification.kind.rawValue,
                alertID: event.alertID,
                severity: event.severity.rawValue,
                subject: Subject(
                    key: subject.key,
                    kind: subject.kind.rawValue,
                    node: subject.node,
                    namespace: subject.namespace,
                    pod: subject.pod,
                    container: subject.container,
                    workload: subject.workload
                ),
                metric: event.metric,
                unit: event.unit,
                operator: event.comparison.rawValue,
                threshold: event.threshold,
                value: event.value,
                startedAt: Timestamp.rfc3339(milliseconds: event.startedMilliseconds),
                at: Timestamp.rfc3339(milliseconds: event.atMilliseconds),
                durationSeconds: Double(event.durationMilliseconds) / 1000,
                reason: event.reason,
                rankedBy: event.rankedBy?.rawValue,
                processes: event.processes ?? [],
                pods: event.pods ?? [],
                profile: event.profile,
                url: links?.alert(event.alertID),
                profileUrl: event.profile?.state == .done ? links?.profile(event.alertID) : nil
            )
        }
    }
}
