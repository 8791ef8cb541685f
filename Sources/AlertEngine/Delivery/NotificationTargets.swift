/// Where notifications go. The URLs are secrets (a Discord webhook URL is its own credential): they are never
/// logged or shown; ``masked`` is what the UI prints.
public struct NotificationTargets: Sendable, Hashable {
    public var discordWebhook: String?
    public var webhook: String?

    public init(discordWebhook: String? = nil, webhook: String? = nil) {
        self.discordWebhook = discordWebhook
        self.webhook = webhook
    }

    /// Channels with a destination.
    public var configuredChannels: [String] {
        (self.discordWebhook == nil ? [] : ["discord"]) + (self.webhook == nil ? [] : ["webhook"])
    }

    public func url(for channel: String) -> String? {
        switch channel {
        case "discord": self.discordWebhook
        case "webhook": self.webhook
        default: nil
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
