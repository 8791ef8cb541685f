import Alerting
import Foundation
import HTTPTypes
import Logging
import ServerTesting
import ServiceLifecycle
import Telemetry
import Testing

@testable import AlertEngine
@testable import ServerCore

/// The outbox delivered to a real HTTP receiver on loopback standing in for Discord: 204, 429 with
/// `retry_after`, 500, 400.
@Suite struct AlertDeliveryTests {
    /// A center with one firing alert on `channel`, and a running delivery service.
    static func deliver(
        to receiver: Receiver,
        channel: String,
        mentions: [String] = [],
        _ body: (AlertCenter) async throws -> Void
    ) async throws {
        let targets =
            switch channel {
            case "discord": NotificationTargets(discordWebhook: receiver.url)
            case "slack": NotificationTargets(slackWebhook: receiver.url)
            default: NotificationTargets(webhook: receiver.url)
            }
        let center = AlertCenter(store: nil, configuredChannels: targets.configuredChannels)
        var draft = AlertCenterTests.draft(forSeconds: 0, channels: [channel])
        draft.discordMentions = mentions
        _ = try await center.createRule(draft, now: 0)
        center.evaluate(AlertCenterTests.cpu(95, .node("<@&1> @everyone")), now: WallClock.milliseconds())
        var logger = Logger(label: "delivery")
        logger.logLevel = .critical
        let service = AlertDeliveryService(
            center: center,
            targets: targets,
            logger: logger,
            backoff: .milliseconds(20),
            maximumAttempts: 3,
            poll: .milliseconds(10),
            grouping: NotificationGrouping(waitMilliseconds: 0, intervalMilliseconds: 0)
        )
        let group = ServiceGroup(services: [service], logger: logger)
        let task = Task { try await group.run() }
        try await body(center)
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    static func until(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<500 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("timed out waiting for: \(what)")
    }

    @Test func discordGetsOneEmbedWithOnlyTheRulesMentions() async throws {
        let receiver = try await Receiver()
        try await Self.deliver(to: receiver, channel: "discord", mentions: ["<@&42>", "<@7>"]) { center in
            try await Self.until("delivered") { center.notifications.first?.status == .delivered }
        }
        #expect(receiver.bodies.count == 1)
        let message = try #require(receiver.messages.first)
        let allowed = try #require(message["allowed_mentions"] as? [String: Any])
        #expect(allowed["parse"] as? [String] == [])  // text in a node name can never ping @everyone
        #expect(allowed["roles"] as? [String] == ["42"] && allowed["users"] as? [String] == ["7"])
        let embed = try #require((message["embeds"] as? [[String: Any]])?.first)
        #expect((embed["title"] as? String)?.hasPrefix("FIRING: cpu") == true)
        let fields = (embed["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(fields == ["Value", "Threshold", "Condition held", "Severity"])
        await receiver.stop()
    }

    @Test func a429IsRetriedAfterRetryAfterAndDeliveredOnce() async throws {
        let receiver = try await Receiver(script: [.init(status: .tooManyRequests, body: #"{"retry_after": 0.3}"#)])
        let started = ContinuousClock.now
        try await Self.deliver(to: receiver, channel: "discord") { center in
            try await Self.until("delivered") { center.notifications.first?.status == .delivered }
        }
        #expect(receiver.bodies.count == 2)
        #expect(ContinuousClock.now - started >= .milliseconds(300))  // waited as told, not at once
        await receiver.stop()
    }

    @Test func serverErrorsAreRetriedThenFailVisibly() async throws {
        let receiver = try await Receiver(
            script: Array(repeating: .init(status: .internalServerError, body: "boom"), count: 5)
        )
        try await Self.deliver(to: receiver, channel: "webhook") { center in
            try await Self.until("failed") { center.notifications.first?.status == .failed }
            let failed = try #require(center.notifications.first)
            #expect(failed.attempts == 3)
            #expect(failed.lastError?.contains("500") == true)
            #expect(failed.lastError?.contains("s3cr3t") == false)  // the URL's secret path never shows
        }
        #expect(receiver.bodies.count == 3)
        await receiver.stop()
    }

    @Test func aClientErrorFailsAtOnceAndAMissingDestinationIsNamed() async throws {
        let receiver = try await Receiver(script: [
            .init(status: .badRequest, body: #"{"message":"Invalid Form Body"}"#)
        ])
        try await Self.deliver(to: receiver, channel: "webhook") { center in
            try await Self.until("failed") { center.notifications.first?.status == .failed }
            #expect(center.notifications.first?.attempts == 1)
        }
        let webhook = try #require(receiver.messages.first)
        #expect(webhook["version"] as? Int == 2)
        let carried = try #require((webhook["notifications"] as? [[String: Any]])?.first)
        #expect(carried["kind"] as? String == "firing" && carried["metric"] as? String == "node.cpu.percent")
        #expect((carried["subject"] as? [String: Any])?["key"] as? String == "node/<@&1> @everyone")

        let center = AlertCenter(store: nil, configuredChannels: [])
        _ = try await center.createRule(AlertCenterTests.draft(forSeconds: 0, channels: ["discord"]), now: 0)
        center.evaluate(AlertCenterTests.cpu(95), now: 0)
        var notification = try #require(center.notifications.first)
        let sender = NotificationSender(targets: NotificationTargets(), timeout: .seconds(1))
        guard case .failed(let message) = await sender.send(NotificationBatch(notification)) else {
            Issue.record("a missing destination must fail")
            return
        }
        #expect(message.contains("--discord-webhook"))
        notification.status = .failed
        await receiver.stop()
    }

    @Test func masking() {
        #expect(NotificationTargets.masked("https://discord.com/api/webhooks/1/secret") == "https://discord.com/…")
        #expect(
            NotificationTargets.masked("https://user:pw@hooks.example:8443/x?token=1") == "https://hooks.example:8443/…"
        )
        #expect(NotificationTargets.masked("garbage") == "(configured)")
    }

    @Test func theRateLimiterDefersWithoutDropping() {
        var limiter = RuleRateLimiter(burst: 2, refillMilliseconds: 1000)
        #expect(limiter.take(rule: "r", now: 0) == nil)
        #expect(limiter.take(rule: "r", now: 0) == nil)
        #expect(limiter.take(rule: "r", now: 0) == 1000)
        #expect(limiter.take(rule: "other", now: 0) == nil)
        #expect(limiter.take(rule: "r", now: 1000) == nil)
    }
}
