/// One alert: a (rule, subject) pair that fired, from firing until it resolved (cleared, dismissed, or its
/// rule was disabled, edited or deleted — `reason` says which). Times are milliseconds since the epoch.
public struct Alert: Sendable, Codable, Hashable, Identifiable {
    public enum State: String, Sendable, Codable {
        case firing
        case resolved
    }

    public var id: String
    public var ruleID: String
    /// The rule's name when the alert fired (history outlives renamed and deleted rules).
    public var ruleName: String
    public var subject: AlertSubject
    public var metric: String
    public var severity: AlertSeverity
    public var comparison: AlertOperator
    public var threshold: Double
    public var state: State
    /// The value that fired it, then the latest value seen while firing, then the value it resolved at.
    public var value: Double?
    public var startedMilliseconds: Int64
    public var resolvedMilliseconds: Int64?
    public var reason: String?
    public var dismissed: Bool
    /// What the subject was doing when the alert fired (nil for alerts stored before contexts existed, and for
    /// subjects the snapshot no longer held).
    public var context: AlertContext?

    public init(
        id: String,
        rule: AlertRule,
        subject: AlertSubject,
        value: Double?,
        startedMilliseconds: Int64
    ) {
        self.id = id
        self.ruleID = rule.id
        self.ruleName = rule.name
        self.subject = subject
        self.metric = rule.metric
        self.severity = rule.severity
        self.comparison = rule.comparison
        self.threshold = rule.threshold
        self.state = .firing
        self.value = value
        self.startedMilliseconds = startedMilliseconds
        self.resolvedMilliseconds = nil
        self.reason = nil
        self.dismissed = false
        self.context = nil
    }

    /// `node.cpu.percent > 90`.
    public var condition: String {
        "\(self.metric) \(self.comparison.rawValue) \(AlertValue.text(self.threshold))"
    }
}

/// Numbers in messages: at most two decimals, no trailing zeros.
public enum AlertValue: Sendable {
    public static func text(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        let scaled = (value * 100).rounded() / 100
        if scaled == scaled.rounded() && abs(scaled) < 1e15 { return String(Int64(scaled)) }
        return String(scaled)
    }

    /// `1h 2m 3s`.
    public static func duration(milliseconds: Int64) -> String {
        let seconds = max(0, milliseconds / 1000)
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        if hours > 0 { return "\(hours)h \(minutes)m \(rest)s" }
        if minutes > 0 { return "\(minutes)m \(rest)s" }
        return "\(rest)s"
    }
}
