/// One message to one channel about one alert transition: a row of the notification outbox, written in the
/// same transaction as the transition and delivered afterwards (with retries), so a crash between the two
/// loses neither.
public struct AlertNotification: Sendable, Codable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case firing
        case resolved
        case ongoing
        case dismissed
        /// The profile the rule asked for finished (or failed): a follow-up to the firing message.
        case profiled
    }

    public enum Status: String, Sendable, Codable {
        case pending
        case delivered
        /// Given up (a permanent error, or too many attempts): shown on /alerts with the last error.
        case failed
    }

    public var id: String
    public var alertID: String
    public var ruleID: String
    public var channel: String
    public var kind: Kind
    public var event: AlertEvent
    public var status: Status
    public var attempts: Int
    public var nextAttemptMilliseconds: Int64
    public var lastError: String?
    public var createdMilliseconds: Int64
    public var deliveredMilliseconds: Int64?

    public init(id: String, channel: String, kind: Kind, event: AlertEvent, now: Int64) {
        self.id = id
        self.alertID = event.alertID
        self.ruleID = event.ruleID
        self.channel = channel
        self.kind = kind
        self.event = event
        self.status = .pending
        self.attempts = 0
        self.nextAttemptMilliseconds = now
        self.lastError = nil
        self.createdMilliseconds = now
        self.deliveredMilliseconds = nil
    }
}

/// What a notification says, fixed when the transition happened (later edits to the rule do not rewrite it).
public struct AlertEvent: Sendable, Codable, Hashable {
    public var alertID: String
    public var ruleID: String
    public var ruleName: String
    public var severity: AlertSeverity
    public var subject: AlertSubject
    public var metric: String
    public var unit: String
    public var comparison: AlertOperator
    public var threshold: Double
    public var value: Double?
    public var startedMilliseconds: Int64
    public var atMilliseconds: Int64
    public var reason: String?
    public var mentions: [String]
    /// How long the condition had to hold before the alert fired.
    public var forSeconds: Int
    /// The heaviest processes (pods for a node) when it fired, at most ``topKept``; nil in events stored before
    /// contexts existed.
    public var processes: [AlertContext.Process]?
    public var pods: [AlertContext.Pod]?
    public var rankedBy: AlertContext.Ranking?
    /// The profile the rule asked for, as it stood when the message was last updated.
    public var profile: AlertProfile?
    /// The group the rule's `group_by` puts the alert in (nil in events stored before grouping existed).
    public var groupKey: String?

    /// Processes or pods a message names.
    public static let topKept = 3

    public init(alert: Alert, rule: AlertRule?, at: Int64) {
        self.alertID = alert.id
        self.ruleID = alert.ruleID
        self.ruleName = alert.ruleName
        self.severity = alert.severity
        self.subject = alert.subject
        self.metric = alert.metric
        self.unit = AlertMetric.all[alert.metric]?.unit ?? ""
        self.comparison = alert.comparison
        self.threshold = alert.threshold
        self.value = alert.value
        self.startedMilliseconds = alert.startedMilliseconds
        self.atMilliseconds = at
        self.reason = alert.reason
        self.mentions = rule?.discordMentions ?? []
        self.forSeconds = rule?.forSeconds ?? 0
        self.processes = alert.context.map { Array($0.processes.prefix(Self.topKept)) }
        self.pods = alert.context.map { Array($0.pods.prefix(Self.topKept)) }
        self.rankedBy = alert.context?.rankedBy
        self.profile = alert.context?.profile
        self.groupKey = rule.map { $0.groupBy.key(alert.subject) }
    }

    public var durationMilliseconds: Int64 { self.atMilliseconds - self.startedMilliseconds }
}
