public import Alerting
import Synchronization

extension AlertCenter {
    /// Messages due now; see ``AlertBook/dueBatches(now:grouping:limit:)``.
    package func dueBatches(now: Int64, grouping: NotificationGrouping, limit: Int = 20) -> [NotificationBatch] {
        self.state.withLock { $0.dueBatches(now: now, grouping: grouping, limit: limit) }
    }

    /// Records a message's outcome and journals it; see ``AlertBook/recordDelivery(_:now:)``.
    package func recordDelivery(_ batch: NotificationBatch, now: Int64) {
        self.state.withLock { $0.recordDelivery(batch, now: now) }
    }

    /// The outbox as the UI shows it.
    public var notifications: [AlertNotification] { self.state.withLock { $0.outbox } }
}
