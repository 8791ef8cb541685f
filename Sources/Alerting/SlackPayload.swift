public import Foundation

/// Slack's incoming-webhook body (docs.slack.dev "Sending messages using incoming webhooks"): `text` as the
/// notification fallback, and `blocks` — a header, a section in mrkdwn, and a context line. Agent-supplied text is
/// escaped (`&`, `<`, `>`), so a pod named `<!channel>` can neither mention anyone nor forge a link; each block's
/// text stays within Slack's limits (header 150 characters, section 3000).
public enum SlackPayload: Sendable {
    struct Message: Encodable {
        var text: String
        var blocks: [Block]
    }

    struct Block: Encodable {
        var type: String
        var text: Text?
        var elements: [Text]?
    }

    struct Text: Encodable {
        var type: String
        var text: String
    }

    public static func body(_ batch: NotificationBatch, links: NotificationLinks?) throws -> Data {
        guard let first = batch.notifications.first else { return Data() }
        let title = NotificationText.title(batch)
        var lines: [String] = []
        if NotificationText.isGroup(batch) {
            lines.append(Self.escape(NotificationText.counts(batch)))
            for notification in batch.worst(NotificationPayload.worstNamed) {
                var line = "• \(notification.kind.rawValue) \(Self.escape(NotificationText.line(notification.event)))"
                if let top = NotificationText.top(notification.event).first { line += " — top: `\(Self.escape(top))`" }
                if let links { line += " <\(links.alert(notification.alertID))|page>" }
                lines.append(line)
            }
            let more = batch.notifications.count - min(batch.notifications.count, NotificationPayload.worstNamed)
            if more > 0 { lines.append("… and \(more) more") }
            if let links { lines.append("<\(links.rule(batch.ruleID))|All alerts of this rule>") }
        } else {
            let event = first.event
            lines.append("*\(Self.escape(NotificationText.line(event)))*")
            if let reason = event.reason, first.kind == .resolved || first.kind == .dismissed {
                lines.append("Reason: \(Self.escape(reason))")
            }
            let top = NotificationText.top(event)
            if !top.isEmpty {
                lines.append(
                    event.processes?.isEmpty == false ? "Top processes at fire time:" : "Top pods at fire time:"
                )
                lines += top.map { "• `\(Self.escape($0))`" }
            }
            if let profile = NotificationText.profile(event.profile) { lines.append(Self.escape(profile)) }
            if let links {
                lines.append("<\(links.alert(event.alertID))|Alert page>")
                if event.profile?.state == .done { lines.append("<\(links.profile(event.alertID))|Flame graph>") }
            }
        }
        let severity = first.event.severity.rawValue
        let message = Message(
            text: Self.clip(Self.escape(title), 3000),
            blocks: [
                Block(type: "header", text: Text(type: "plain_text", text: Self.clip(title, 150)), elements: nil),
                Block(
                    type: "section",
                    text: Text(type: "mrkdwn", text: Self.clip(lines.joined(separator: "\n"), 3000)),
                    elements: nil
                ),
                Block(
                    type: "context",
                    text: nil,
                    elements: [
                        Text(
                            type: "mrkdwn",
                            text:
                                "severity \(severity) · \(Timestamp.rfc3339(milliseconds: first.event.atMilliseconds))"
                        )
                    ]
                ),
            ]
        )
        return try JSONEncoder().encode(message)
    }

    /// Slack's three control characters in mrkdwn.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
