public import Alerting
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
    package let grouping: NotificationGrouping
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
        grouping: NotificationGrouping = NotificationGrouping(),
        links: NotificationLinks? = nil,
        metrics: ServerMetrics? = nil
    ) {
        self.metrics = metrics
        self.center = center
        self.grouping = grouping
        self.sender = NotificationSender(targets: targets, client: .shared, timeout: timeout, links: links)
        self.logger = logger
        self.backoff = max(1, backoff.saturatingMilliseconds)
        self.maximumAttempts = maximumAttempts
        self.poll = poll
    }

    public var description: String { "AlertDeliveryService" }

    /// For the notifications of a message after its first.
    private static let silent = Logger(label: "podwatch.delivery.silent", factory: { _ in SwiftLogNoOpLogHandler() })

    public func run() async throws {
        var limiter = RuleRateLimiter()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // Only the replica that leads delivers; the outbox in the database carries over to the next one.
            let due =
                self.center.isActing
                ? self.center.dueBatches(now: WallClock.milliseconds(), grouping: self.grouping) : []
            for var batch in due {
                let now = WallClock.milliseconds()
                if let next = limiter.take(rule: batch.ruleID, now: now) {
                    for index in batch.notifications.indices {
                        batch.notifications[index].nextAttemptMilliseconds = next
                    }
                    self.center.recordDelivery(batch, now: now)
                    continue
                }
                let outcome = await self.sender.send(batch)
                let after = WallClock.milliseconds()
                // Logged once per message, for its first notification (a storm's message carries thousands).
                let group: Logger.Metadata = [
                    "group": "\(batch.groupKey)", "notifications": "\(batch.notifications.count)",
                ]
                for index in batch.notifications.indices {
                    self.apply(outcome, to: &batch.notifications[index], now: after, log: index == 0 ? group : nil)
                }
                self.center.recordDelivery(batch, now: after)
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.poll) }
        }
    }

    /// Marks one notification of a message with the message's outcome; logs it with `log` as extra metadata,
    /// or not at all when `log` is nil.
    package func apply(
        _ outcome: NotificationSender.Outcome,
        to notification: inout AlertNotification,
        now: Int64,
        log: Logger.Metadata? = [:]
    ) {
        let metadata: Logger.Metadata =
            log.map {
                $0.merging(
                    [
                        "notification.id": "\(notification.id)", "channel": "\(notification.channel)",
                        "kind": "\(notification.kind.rawValue)", "rule.id": "\(notification.ruleID)",
                    ]
                ) { $1 }
            } ?? [:]
        let logger = log == nil ? Self.silent : self.logger
        switch outcome {
        case .delivered:
            notification.status = .delivered
            notification.attempts += 1
            notification.deliveredMilliseconds = now
            notification.lastError = nil
            self.metrics?.notification(delivered: true)
            logger.debug("Notification delivered", metadata: metadata)
        case .retry(.some(let after), let error):
            // 429: the server said when; not a failed attempt.
            notification.nextAttemptMilliseconds = now + min(after, 600_000)
            notification.lastError = error
            logger.notice(
                "Notification rate-limited by the receiver",
                metadata: metadata.merging(["retry_after.ms": "\(after)"]) { $1 }
            )
        case .retry(nil, let error):
            notification.attempts += 1
            notification.lastError = error
            if notification.attempts >= self.maximumAttempts {
                notification.status = .failed
                self.metrics?.notification(delivered: false)
                logger.error(
                    "Notification failed; giving up",
                    metadata: metadata.merging(["error": "\(error)"]) { $1 }
                )
            } else {
                let delay = min(300_000, self.backoff << Int64(min(notification.attempts - 1, 10)))
                notification.nextAttemptMilliseconds = now + delay
                logger.warning(
                    "Notification failed; will retry",
                    metadata: metadata.merging(["error": "\(error)"]) { $1 }
                )
            }
        case .failed(let error):
            notification.attempts += 1
            notification.status = .failed
            notification.lastError = error
            self.metrics?.notification(delivered: false)
            logger.error("Notification failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }
}
