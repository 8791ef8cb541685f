/// Discord's execute-webhook body: content, embeds and `allowed_mentions`.
struct DiscordMessage: Encodable {
    struct Embed: Encodable {
        var title: String
        var description: String
        var url: String?
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
