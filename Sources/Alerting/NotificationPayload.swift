public import Foundation

/// The bodies Podwatch posts. Discord: one embed per message, mentions only those the rule lists, sent with
/// `allowed_mentions` so that text inside a pod name can never ping anyone. Generic webhook: the JSON
/// documented in docs/api.md ("Webhook payload").
public enum NotificationPayload: Sendable {
    /// Embed colours: red firing, orange ongoing, green resolved, grey dismissed.
    static func colour(_ kind: AlertNotification.Kind) -> Int {
        switch kind {
        case .firing: 0xD7_3A_49
        case .ongoing: 0xE3_8B_2C
        case .resolved: 0x2E_A0_43
        case .dismissed: 0x8B_94_9E
        }
    }

    struct Discord: Encodable {
        struct Embed: Encodable {
            var title: String
            var description: String
            var color: Int
            var fields: [Field]
            var timestamp: String
        }
        struct Field: Encodable {
            var name: String
            var value: String
            var inline: Bool
        }
        struct AllowedMentions: Encodable {
            var parse: [String]
            var users: [String]
            var roles: [String]
        }
        var content: String?
        var embeds: [Embed]
        var allowedMentions: AllowedMentions

        enum CodingKeys: String, CodingKey {
            case content
            case embeds
            case allowedMentions = "allowed_mentions"
        }
    }

    public static func discord(_ notification: AlertNotification) throws -> Data {
        let event = notification.event
        let unit = event.unit.isEmpty ? "" : " \(event.unit)"
        let heading: String
        switch notification.kind {
        case .firing: heading = "FIRING"
        case .ongoing: heading = "STILL FIRING"
        case .resolved: heading = "RESOLVED"
        case .dismissed: heading = "DISMISSED"
        }
        var fields = [
            Discord.Field(name: "Value", value: AlertValue.text(event.value) + unit, inline: true),
            Discord.Field(
                name: "Threshold",
                value: "\(event.comparison.rawValue) \(AlertValue.text(event.threshold))\(unit)",
                inline: true
            ),
            Discord.Field(
                name: notification.kind == .firing ? "Condition held" : "Duration",
                value: AlertValue.duration(
                    milliseconds: notification.kind == .firing
                        ? Int64(event.forSeconds) * 1000 : event.durationMilliseconds
                ),
                inline: true
            ),
            Discord.Field(name: "Severity", value: event.severity.rawValue, inline: true),
        ]
        if let reason = event.reason, notification.kind == .resolved || notification.kind == .dismissed {
            fields.append(Discord.Field(name: "Reason", value: Self.clip(reason, 1024), inline: false))
        }
        let users = event.mentions.filter { !$0.hasPrefix("<@&") }.map { String($0.dropFirst(2).dropLast()) }
        let roles = event.mentions.filter { $0.hasPrefix("<@&") }.map { String($0.dropFirst(3).dropLast()) }
        let mention = notification.kind == .firing && !event.mentions.isEmpty
        let message = Discord(
            content: mention ? event.mentions.joined(separator: " ") : nil,
            embeds: [
                Discord.Embed(
                    title: Self.clip("\(heading): \(event.ruleName)", 256),
                    description: Self.clip(
                        "\(event.metric) \(event.comparison.rawValue) \(AlertValue.text(event.threshold)) on \(event.subject)",
                        4096
                    ),
                    color: Self.colour(notification.kind),
                    fields: fields,
                    timestamp: Timestamp.rfc3339(milliseconds: event.atMilliseconds)
                )
            ],
            allowedMentions: Discord.AllowedMentions(
                parse: [],
                users: mention ? users : [],
                roles: mention ? roles : []
            )
        )
        return try JSONEncoder().encode(message)
    }

    struct Webhook: Encodable {
        var version = 1
        var kind: String
        var alertID: String
        var ruleID: String
        var ruleName: String
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

        struct Subject: Encodable {
            var key: String
            var kind: String
            var node: String
            var namespace: String
            var pod: String
            var container: String
        }
    }

    public static func webhook(_ notification: AlertNotification) throws -> Data {
        let event = notification.event
        let subject = event.subject
        let body = Webhook(
            kind: notification.kind.rawValue,
            alertID: event.alertID,
            ruleID: event.ruleID,
            ruleName: event.ruleName,
            severity: event.severity.rawValue,
            subject: .init(
                key: subject.key,
                kind: subject.kind.rawValue,
                node: subject.node,
                namespace: subject.namespace,
                pod: subject.pod,
                container: subject.container
            ),
            metric: event.metric,
            unit: event.unit,
            operator: event.comparison.rawValue,
            threshold: event.threshold,
            value: event.value,
            startedAt: Timestamp.rfc3339(milliseconds: event.startedMilliseconds),
            at: Timestamp.rfc3339(milliseconds: event.atMilliseconds),
            durationSeconds: Double(event.durationMilliseconds) / 1000,
            reason: event.reason
        )
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(body)
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
