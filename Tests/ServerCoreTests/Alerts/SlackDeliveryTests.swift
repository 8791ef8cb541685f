import Alerting
import Foundation
import HTTPTypes
import Testing

@testable import AlertEngine

/// Slack's incoming-webhook format, delivered to a local receiver that refuses what Slack refuses
/// (``SlackShape``): the message is taken, and a node named like a Slack mention or link cannot be one.
@Suite struct SlackDeliveryTests {
    @Test func slackTakesTheMessageAndAHostileNameIsEscaped() async throws {
        let receiver = try await Receiver(check: { body in
            SlackShape.problem(body).map { Receiver.Reply(status: .badRequest, body: $0) }
        })
        try await AlertDeliveryTests.deliver(to: receiver, channel: "slack") { center in
            try await AlertDeliveryTests.until("delivered") { center.notifications.first?.status == .delivered }
        }
        let message = try #require(receiver.messages.first)
        let text = try #require(message["text"] as? String)
        #expect(text.hasPrefix("FIRING: cpu"))
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["type"] as? String } == ["header", "section", "context"])
        let section = try #require((blocks[1]["text"] as? [String: Any])?["text"] as? String)
        // The node is named `<@&1> @everyone`: escaped, it is text, not a mention.
        #expect(section.contains("&lt;@&amp;1&gt;") && !section.contains("<@&1>"))
        await receiver.stop()
    }

    @Test func theCheckRefusesWhatSlackRefuses() {
        #expect(SlackShape.problem("[]") == "invalid_payload")
        #expect(SlackShape.problem(#"{"blocks":[]}"#) == "no_text")
        let long = String(repeating: "x", count: 151)
        #expect(
            SlackShape.problem(
                #"{"text":"t","blocks":[{"type":"header","text":{"type":"plain_text","text":"\#(long)"}}]}"#
            )
                == "invalid_blocks"
        )
        #expect(SlackShape.problem(#"{"text":"t","blocks":[{"type":"image"}]}"#) == "invalid_blocks")
    }

    /// A group's message stays within Slack's limits however many alerts it carries.
    @Test func aStormMessageFitsSlacksLimits() throws {
        var notifications: [AlertNotification] = []
        let rule = AlertRule(
            id: "r",
            name: String(repeating: "n", count: 300),
            target: .pods(namespace: "shop", podPrefix: ""),
            metric: "pod.cpu.cores",
            comparison: .greater,
            threshold: 1
        )
        for index in 0..<2_000 {
            let subject = AlertSubject.pod(node: "n\(index)", namespace: "shop", pod: "<!channel>-\(index)")
            let alert = Alert(
                id: "a\(index)",
                rule: rule,
                subject: subject,
                value: Double(index),
                startedMilliseconds: 0
            )
            notifications.append(
                AlertNotification(
                    id: "n\(index)",
                    channel: "slack",
                    kind: .firing,
                    event: AlertEvent(alert: alert, rule: rule, at: 0),
                    now: 0
                )
            )
        }
        let batch = NotificationBatch(
            channel: "slack",
            ruleID: "r",
            groupKey: "namespace shop",
            notifications: notifications,
            firing: 2_000
        )
        let body = String(
            decoding: try SlackPayload.body(batch, links: NotificationLinks(base: "https://p.example")),
            as: UTF8.self
        )
        #expect(SlackShape.problem(body) == nil)
        #expect(!body.contains("<!channel>"))
        #expect(body.contains("2000 firing in namespace shop"))
        #expect(body.contains("pod shop/<!channel>-1999") == false && body.contains("&lt;!channel&gt;-1999"))
    }
}
