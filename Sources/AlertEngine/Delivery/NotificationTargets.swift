/// Where notifications go. The URLs are secrets (a Discord webhook URL is its own credential): they are never
/// logged or shown; ``masked`` is what the UI prints.
public struct NotificationTargets: Sendable, Hashable {
    public var discordWebhook: String?
    public var webhook: String?
    /// A Slack incoming webhook (`https://hooks.slack.com/services/…`).
    public var slackWebhook: String?

    public init(discordWebhook: String? = nil, webhook: String? = nil, slackWebhook: String? = nil) {
        self.discordWebhook = discordWebhook
        self.webhook = webhook
        self.slackWebhook = slackWebhook
    }

    /// Channels with a destination.
    public var configuredChannels: [String] {
        (self.discordWebhook == nil ? [] : ["discord"]) + (self.webhook == nil ? [] : ["webhook"])
            + (self.slackWebhook == nil ? [] : ["slack"])
    }

    public func url(for channel: String) -> String? {
        switch channel {
        case "discord": self.discordWebhook
        case "webhook": self.webhook
        case "slack": self.slackWebhook
        default: nil
        }
    }

    /// The flag that configures a channel, for messages that say what to do.
    public static func flag(for channel: String) -> String {
        switch channel {
        case "discord": "--discord-webhook (DISCORD_WEBHOOK_URL)"
        case "slack": "--slack-webhook (SLACK_WEBHOOK_URL)"
        default: "--webhook (PODWATCH_WEBHOOK_URL)"
        }
    }

    /// `https://discord.com/…` — scheme and host only; path, query and credentials never appear.
    public static func masked(_ url: String) -> String {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty else { return "(configured)" }
        let authority = parts[2].prefix { $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map(String.init) ?? ""
        return "\(parts[0])//\(host)/…"
    }
}
