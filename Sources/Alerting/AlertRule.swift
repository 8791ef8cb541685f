import TextTrimming

/// Comparison of a value with a threshold.
public enum AlertOperator: String, Sendable, Codable, CaseIterable {
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="

    /// Whether `value` breaches `threshold`.
    public func breaches(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .greater: value > threshold
        case .greaterOrEqual: value >= threshold
        case .less: value < threshold
        case .lessOrEqual: value <= threshold
        }
    }

    /// Whether a firing alert may resolve: the value is back past the resolve threshold (strictly), so that
    /// a value between the two thresholds keeps it firing (hysteresis).
    public func clears(_ value: Double, resolveAt threshold: Double) -> Bool {
        switch self {
        case .greater, .greaterOrEqual: value < threshold
        case .less, .lessOrEqual: value > threshold
        }
    }
}

public enum AlertSeverity: String, Sendable, Codable, CaseIterable, Comparable {
    case info
    case warning
    case critical

    /// Ordered by urgency (badges show the highest firing).
    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool {
        Self.allCases.firstIndex(of: lhs) ?? 0 < Self.allCases.firstIndex(of: rhs) ?? 0
    }
}

/// An alert rule as stored and as the API accepts it.
public struct AlertRule: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var target: AlertTarget
    public var metric: String
    public var comparison: AlertOperator
    public var threshold: Double
    /// Hysteresis: a firing alert resolves only past this value (default: the threshold).
    public var resolveThreshold: Double?
    /// The condition must hold this long before the alert fires.
    public var forSeconds: Int
    public var severity: AlertSeverity
    public var enabled: Bool
    public var channels: [String]
    /// Re-notify a firing alert this often; 0 = never.
    public var renotifySeconds: Int
    public var discordMentions: [String]
    /// Seconds of profile to take of a pod when an alert of this rule fires on it; 0 = none (the default).
    public var profileOnFireSeconds: Int
    /// How this rule's alerts are grouped into notifications.
    public var groupBy: AlertGrouping

    public init(
        id: String,
        name: String,
        target: AlertTarget,
        metric: String,
        comparison: AlertOperator,
        threshold: Double,
        resolveThreshold: Double? = nil,
        forSeconds: Int = 60,
        severity: AlertSeverity = .warning,
        enabled: Bool = true,
        channels: [String] = [],
        renotifySeconds: Int = 3600,
        discordMentions: [String] = [],
        profileOnFireSeconds: Int = 0,
        groupBy: AlertGrouping = .namespace
    ) {
        self.id = id
        self.name = name
        self.target = target
        self.metric = metric
        self.comparison = comparison
        self.threshold = threshold
        self.resolveThreshold = resolveThreshold
        self.forSeconds = forSeconds
        self.severity = severity
        self.enabled = enabled
        self.channels = channels
        self.renotifySeconds = renotifySeconds
        self.discordMentions = discordMentions
        self.profileOnFireSeconds = profileOnFireSeconds
        self.groupBy = groupBy
    }

    /// Everything wrong with the rule, as sentences for the API and the form (empty = valid).
    public var problems: [String] {
        var problems: [String] = []
        if self.name.trimmingWhitespace.isEmpty { problems.append("name must not be empty") }
        if self.name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append("name must not contain control characters")
        }
        if self.name.utf8.count > 200 { problems.append("name must be at most 200 bytes") }
        guard let metric = AlertMetric.all[self.metric] else {
            problems.append(
                "metric: '\(self.metric.prefix(60))' is not one of \(AlertMetric.all.keys.sorted().joined(separator: ", "))"
            )
            return problems
        }
        switch (self.target, metric.scope) {
        case (.node(let name), .node) where name.isEmpty: problems.append("target.node must be a node name or *")
        case (.pods(let namespace, _, _), .pod) where namespace.isEmpty:
            problems.append("target.namespace must not be empty")
        case (.containers(let namespace, _, let container), .pod) where namespace.isEmpty || container.isEmpty:
            problems.append("target.namespace and target.container must not be empty")
        case (.workload(let namespace, let kind, let name), .pod)
        where namespace.isEmpty || kind.isEmpty || name.isEmpty:
            problems.append("target.namespace, target.workload_kind and target.workload must not be empty")
        case (.node, .pod):
            problems.append("metric \(metric.name) is a pod metric; target pods, containers or a workload")
        case (.pods, .node), (.containers, .node), (.workload, .node):
            problems.append("metric \(metric.name) is a node metric; target a node")
        default: break
        }
        if !self.threshold.isFinite { problems.append("threshold must be a number") }
        if let resolve = self.resolveThreshold {
            if !resolve.isFinite {
                problems.append("resolve_threshold must be a number")
            } else if self.comparison.breaches(resolve, self.threshold) && resolve != self.threshold {
                problems.append(
                    "resolve_threshold \(resolve) must be on the healthy side of \(self.comparison.rawValue) \(self.threshold)"
                )
            }
        }
        if self.forSeconds < 0 || self.forSeconds > 86_400 {
            problems.append("for_seconds must be between 0 and 86400")
        }
        if self.renotifySeconds < 0 { problems.append("renotify_seconds must not be negative") }
        for channel in self.channels where !AlertRule.channels.contains(channel) {
            problems.append(
                "channels: '\(channel.prefix(40))' is not one of \(AlertRule.channels.joined(separator: ", "))"
            )
        }
        if self.profileOnFireSeconds != 0 && !Self.profileDurations.contains(self.profileOnFireSeconds) {
            problems.append(
                "profile_on_fire_seconds must be 0 (off) or \(Self.profileDurations.lowerBound)–\(Self.profileDurations.upperBound)"
            )
        }
        if self.profileOnFireSeconds != 0 && metric.scope == .node {
            problems.append(
                "profile_on_fire_seconds needs a pod or container target (a node has no single pod to profile)"
            )
        }
        for mention in self.discordMentions where !AlertRule.isMention(mention) {
            problems.append(
                "discord_mentions: '\(mention.prefix(40))' is not a Discord user or role mention (<@id> or <@&id>)"
            )
        }
        return problems
    }

    /// The notification channels a rule may name.
    public static let channels = ["discord", "webhook", "slack"]

    /// The profile lengths a rule may ask for; a server whose shortest profile is longer takes that instead.
    public static let profileDurations = 1...600

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case target
        case metric
        case comparison = "operator"
        case threshold
        case resolveThreshold = "resolve_threshold"
        case forSeconds = "for_seconds"
        case severity
        case enabled
        case channels
        case renotifySeconds = "renotify_seconds"
        case discordMentions = "discord_mentions"
        case profileOnFireSeconds = "profile_on_fire_seconds"
        case groupBy = "group_by"
    }

    /// `<@123>` or `<@&123>`: the only mentions Podwatch sends (never @everyone or @here).
    static func isMention(_ text: String) -> Bool {
        var body = Substring(text)
        guard body.hasPrefix("<@"), body.hasSuffix(">") else { return false }
        body = body.dropFirst(2).dropLast()
        if body.hasPrefix("&") { body = body.dropFirst() }
        return !body.isEmpty && body.allSatisfy(\.isNumber)
    }
}
