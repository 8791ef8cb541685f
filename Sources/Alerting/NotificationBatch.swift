/// One message to one channel: the pending notifications of one (rule, group) — every alert the rule's
/// `group_by` puts together — sent as one, the way Alertmanager groups. A storm of a thousand alerts of a rule
/// in one namespace is one message naming how many fire and the worst few, not a thousand messages.
public struct NotificationBatch: Sendable, Hashable {
    public var channel: String
    public var ruleID: String
    public var groupKey: String
    /// Oldest first; every one is marked with the message's outcome.
    public var notifications: [AlertNotification]
    /// Alerts of the rule in this group firing when the message was composed.
    public var firing: Int

    public init(channel: String, ruleID: String, groupKey: String, notifications: [AlertNotification], firing: Int) {
        self.channel = channel
        self.ruleID = ruleID
        self.groupKey = groupKey
        self.notifications = notifications
        self.firing = firing
    }

    /// One notification on its own (tests, and messages about a single alert).
    public init(_ notification: AlertNotification) {
        self.init(
            channel: notification.channel,
            ruleID: notification.ruleID,
            groupKey: Self.groupKey(notification),
            notifications: [notification],
            firing: notification.kind == .firing || notification.kind == .ongoing ? 1 : 0
        )
    }

    /// The lane this batch is delivered in: messages of one lane go in order, one at a time.
    public var lane: String { Self.lane(ruleID: self.ruleID, channel: self.channel, groupKey: self.groupKey) }

    static func lane(ruleID: String, channel: String, groupKey: String) -> String {
        "\(ruleID)\u{0}\(channel)\u{0}\(groupKey)"
    }

    /// The group of a notification; one of its own for events stored before grouping existed. Profile
    /// follow-ups of a group are a group of their own (``profilesPrefix``), sent after the group wait whatever the
    /// group interval: they answer the firing message's "a profile is being captured".
    static func groupKey(_ notification: AlertNotification) -> String {
        let key = notification.event.groupKey ?? "alert \(notification.alertID)"
        return notification.kind == .profiled ? Self.profilesPrefix + key : key
    }

    static let profilesPrefix = "profiles of "

    /// The notifications a message names one by one: the worst first — furthest past the threshold for
    /// firing ones — then the rest in order. At most `limit`.
    public func worst(_ limit: Int) -> [AlertNotification] {
        func breach(_ notification: AlertNotification) -> Double {
            guard notification.kind == .firing || notification.kind == .ongoing else { return -.infinity }
            let event = notification.event
            return event.comparison.distance(of: event.value, past: event.threshold)
        }
        let ranked = self.notifications.enumerated().sorted {
            let (left, right) = (breach($0.element), breach($1.element))
            return left != right ? left > right : $0.offset < $1.offset
        }
        return ranked.prefix(limit).map(\.element)
    }

    /// How many of the batch's notifications are of each kind, in a fixed order: `3 firing, 1 resolved`.
    public var kindCounts: [(AlertNotification.Kind, Int)] {
        AlertNotification.Kind.allCases.compactMap { kind in
            let count = self.notifications.count { $0.kind == kind }
            return count == 0 ? nil : (kind, count)
        }
    }
}

/// How long a new group waits for more alerts before its first message, and how long a group that has had one
/// waits before the next (Alertmanager's `group_wait` and `group_interval`).
public struct NotificationGrouping: Sendable, Hashable {
    public var waitMilliseconds: Int64
    public var intervalMilliseconds: Int64

    public init(waitMilliseconds: Int64 = 30_000, intervalMilliseconds: Int64 = 300_000) {
        self.waitMilliseconds = max(0, waitMilliseconds)
        self.intervalMilliseconds = max(0, intervalMilliseconds)
    }
}
