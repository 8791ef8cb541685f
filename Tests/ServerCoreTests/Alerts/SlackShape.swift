import Foundation

/// What Slack's incoming webhooks accept, as documented (docs.slack.dev: "Sending messages using incoming
/// webhooks", "Reference: blocks", "Composition objects: text object"): a JSON object with a `text` string and
/// optional `blocks`, at most 50; a header's text is `plain_text` of at most 150 characters; a section's text
/// is `plain_text` or `mrkdwn` of at most 3000; a context has 1–10 elements. Slack answers 400 with
/// `invalid_payload`, `no_text` or `invalid_blocks` otherwise, and 200 `ok` when it takes the message.
enum SlackShape {
    /// nil when the body is a message Slack takes; else Slack's error code.
    static func problem(_ body: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            return "invalid_payload"
        }
        guard let text = object["text"] as? String, !text.isEmpty else { return "no_text" }
        guard let blocks = object["blocks"] else { return nil }
        guard let list = blocks as? [[String: Any]], list.count <= 50 else { return "invalid_blocks" }
        for block in list {
            switch block["type"] as? String {
            case "header":
                guard let text = block["text"] as? [String: Any], text["type"] as? String == "plain_text",
                    let content = text["text"] as? String, !content.isEmpty, content.count <= 150
                else { return "invalid_blocks" }
            case "section":
                guard let text = block["text"] as? [String: Any],
                    ["plain_text", "mrkdwn"].contains(text["type"] as? String ?? ""),
                    let content = text["text"] as? String, !content.isEmpty, content.count <= 3000
                else { return "invalid_blocks" }
            case "context":
                guard let elements = block["elements"] as? [[String: Any]], (1...10).contains(elements.count),
                    elements.allSatisfy({ ["plain_text", "mrkdwn"].contains($0["type"] as? String ?? "") })
                else { return "invalid_blocks" }
            case "divider":
                continue
            default:
                return "invalid_blocks"
            }
        }
        return nil
    }
}
