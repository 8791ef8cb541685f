public import Foundation

/// The bodies Podwatch posts, one per ``NotificationBatch``. Discord: one embed, mentions only those the rule
/// lists, sent with `allowed_mentions` so that text inside a pod name can never ping anyone. Generic webhook:
/// the JSON documented in docs/api.md ("Webhook payload", version 2). Slack: ``SlackPayload``.
public enum NotificationPayload: Sendable {
    /// Embed colours: red firing, orange ongoing, green resolved, grey dismissed, blue profile.
    static func colour(_ kind: AlertNotification.Kind) -> Int {
        switch kind {
        case .firing: 0xD7_3A_49
        case .ongoing: 0xE3_8B_2C
        case .resolved: 0x2E_A0_43
        case .dismissed: 0x8B_94_9E
        case .profiled: 0x3B_82_F6
        }
    }

    /// Groups name this many alerts one by one (the worst first).
    public static let worstNamed = 5

    public static func discord(_ batch: NotificationBatch, links: NotificationLinks?) throws -> Data {
        guard let first = batch.notifications.first else { return Data() }
        let kind = NotificationText.kind(batch)
        let group = NotificationText.isGroup(batch)
        var fields: [DiscordMessage.Field] = []
        var url: String?
        let description: String
        if group {
            let lines = batch.worst(Self.worstNamed).map { notification in
                let top = NotificationText.top(notification.event).first.map { " — top: \(Self.code($0))" } ?? ""
                let link = links.map { " [page](\($0.alert(notification.alertID)))" } ?? ""
                return "• \(notification.kind.rawValue) \(NotificationText.line(notification.event))\(top)\(link)"
            }
            let more = batch.notifications.count - lines.count
            description =
                ([NotificationText.counts(batch)] + lines + (more > 0 ? ["… and \(more) more"] : []))
                .joined(separator: "\n")
            url = links?.rule(batch.ruleID)
        } else {
            let event = first.event
            description =
                "\(event.metric) \(event.comparison.rawValue) \(AlertValue.text(event.threshold)) on \(event.subject)"
            fields = Self.fields(first)
            url = links.map {
                first.kind == .profiled && event.profile?.state == .done
                    ? $0.profile(event.alertID) : $0.alert(event.alertID)
            }
        }
        let mentions = first.event.mentions
        let users = mentions.filter { !$0.hasPrefix("<@&") }.map { String($0.dropFirst(2).dropLast()) }
        let roles = mentions.filter { $0.hasPrefix("<@&") }.map { String($0.dropFirst(3).dropLast()) }
        let mention = kind == .firing && !mentions.isEmpty
        let message = DiscordMessage(
            content: mention ? mentions.joined(separator: " ") : nil,
            embeds: [
                DiscordMessage.Embed(
                    title: Self.clip(NotificationText.title(batch), 256),
                    description: Self.clip(description, 4096),
                    url: url,
                    color: Self.colour(kind),
                    fields: fields,
                    timestamp: Timestamp.rfc3339(milliseconds: batch.notifications.last?.event.atMilliseconds ?? 0)
                )
            ],
            allowedMentions: .init(parse: [], users: mention ? users : [], roles: mention ? roles : [])
        )
        return try JSONEncoder().encode(message)
    }

    /// The fields of a one-alert embed: value, threshold, duration, severity, reason, top processes, profile.
    static func fields(_ notification: AlertNotification) -> [DiscordMessage.Field] {
        let event = notification.event
        let unit = event.unit.isEmpty ? "" : " \(event.unit)"
        let firing = notification.kind == .firing
        var fields = [
            DiscordMessage.Field(name: "Value", value: AlertValue.text(event.value) + unit, inline: true),
            DiscordMessage.Field(
                name: "Threshold",
                value: "\(event.comparison.rawValue) \(AlertValue.text(event.threshold))\(unit)",
                inline: true
            ),
            DiscordMessage.Field(
                name: firing ? "Condition held" : "Duration",
                value: AlertValue.duration(
                    milliseconds: firing ? Int64(event.forSeconds) * 1000 : event.durationMilliseconds
                ),
                inline: true
            ),
            DiscordMessage.Field(name: "Severity", value: event.severity.rawValue, inline: true),
        ]
        if let reason = event.reason, notification.kind == .resolved || notification.kind == .dismissed {
            fields.append(.init(name: "Reason", value: Self.clip(reason, 1024), inline: false))
        }
        let top = NotificationText.top(event)
        if !top.isEmpty {
            let name = event.processes?.isEmpty == false ? "Top processes" : "Top pods"
            fields.append(
                .init(
                    name: "\(name) at fire time",
                    value: Self.clip(top.map(Self.code).joined(separator: "\n"), 1024),
                    inline: false
                )
            )
        }
        if let profile = NotificationText.profile(event.profile) {
            fields.append(.init(name: "Profile", value: Self.clip(profile, 1024), inline: false))
        }
        return fields
    }

    public static func webhook(_ batch: NotificationBatch, links: NotificationLinks?) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(WebhookMessage(batch, links: links))
    }

    /// Inline code in Discord's markdown: a backtick inside would end it, so it becomes a quote.
    static func code(_ text: String) -> String {
        "`" + text.replacingOccurrences(of: "`", with: "'") + "`"
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
