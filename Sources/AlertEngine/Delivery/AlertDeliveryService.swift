package import Alerting
import AsyncHTTPClient
public import Logging
public import ServerMetrics
public import ServiceLifecycle
import Telemetry

/// Delivers the notification outbox: in order per alert and channel, rate-limited per rule, retried with
/// exponential backoff (2 s doubling to 5 min, 8 attempts) on network errors and 5xx, after `retry_after` on
/// 429 (those do not count as failed attempts), and given up on a permanent error — visibly, on /alerts.
public struct AlertDeliveryService: Service, CustomStringConvertible {
    package let center: AlertCenter
    package let sender: NotificationSender
    package let logger: Logger
    package let maximumAttempts: Int
    package let backoff: Int64
    package let poll: Duration
    /// Notifications by result, for `/metrics`.
    package let metrics: ServerMetrics?

    /// - Parameter backoff: the first retry's delay, doubled per attempt up to 5 minutes (tests shorten it).
    public init(
        center: AlertCenter,
        targets: NotificationTargets,
        logger: Logger,
        timeout: Duration = .seconds(10),
        backoff: Duration = .seconds(2),
        maximumAttempts: Int = 8,
        poll: Duration = .milliseconds(250),
        metrics: ServerMetrics? = nil
    ) {
        self.metrics = metrics
        self.center = center
        self.sender = NotificationSender(targets: targets, client: .shared, timeout: timeout)
        self.logger = logger
        self.backoff = max(
            1,
            backoff.components.seconds * 1000 + backoff.components.attoseconds / 1_000_000_000_000_000
        )
        self.maximumAttempts = maximumAttempts
        self.poll = poll
    }

    public var description: String { "AlertDeliveryService" }

    public func run() async throws {
        var limiter = RuleRateLimiter()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            for var notification in self.center.dueNotifications(now: WallClock.milliseconds()) {
                let now = WallClock.milliseconds()
                if let next = limiter.take(rule: notification.ruleID, now: now) {
                    notification.nextAttemptMilliseconds = next
                    self.center.recordDelivery(notification)
                    continue
                }
                let outcome = await self.sender.send(notification)
                self.apply(outcome, to: &notification, now: WallClock.milliseconds())
                self.center.recordDelivery(notification)
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.poll) }
        }
    }

    package func apply(_ outcome: NotificationSender.Outcome, to notification: inout AlertNotification, now: Int64) {
        let metadata: Logger.Metadata = [
            "notification.id": "\(notification.id)", "channel": "\(notification.channel)",
            "kind": "\(notification.kind.rawValue)", "rule.id": "\(notification.ruleID)",
        ]
        switch outcome {
        case .delivered:
            notification.status = .delivered
            notification.attempts += 1
            notification.deliveredMilliseconds = now
            notification.lastError = nil
            self.metrics?.notification(delivered: true)
            self.logger.debug("Notification delivered", metadata: metadata)
        case .retry(.some(let after), let error):
            // 429: the server said when; not a failed attempt.
            notification.nextAttemptMilliseconds = now + min(after, 600_000)
            notification.lastError = error
            self.logger.notice(
                "Notification rate-limited by the receiver",
                metadata: metadata.merging(["retry_after.ms": "\(after)"]) { $1 }
            )
        case .retry(nil, let error):
            notification.attempts += 1
            notification.lastError = error
            if notification.attempts >= self.maximumAttempts {
                notification.status = .failed
                self.metrics?.notification(delivered: false)
                self.logger.error(
                    "Notification failed; giving up",
                    metadata: metadata.merging(["error": "\(error)"]) { $1 }
                )
            } else {
                let delay = min(300_000, self.backoff << Int64(min(notification.attempts - 1, 10)))
                notification.nextAttemptMilliseconds = now + delay
                self.logger.warning(
                    "Notification failed; will retry",
                    metadata: metadata.merging(["error": "\(error)"]) { $1 }
                )
            }
        case .failed(let error):
            notification.attempts += 1
            notification.status = .failed
            notification.lastError = error
            self.metrics?.notification(delivered: false)
            self.logger.error("Notification failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }
}
