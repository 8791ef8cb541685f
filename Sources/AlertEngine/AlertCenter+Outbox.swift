public import Alerting
import Synchronization

extension AlertCenter {
    /// Notifications due now, oldest first; see ``AlertBook/dueNotifications(now:limit:)``.
    package func dueNotifications(now: Int64, limit: Int = 20) -> [AlertNotification] {
        self.state.withLock { $0.dueNotifications(now: now, limit: limit) }
    }

    /// Records an attempt's outcome (the notification as the deliverer left it) and journals it.
    package func recordDelivery(_ notification: AlertNotification) {
        self.state.withLock { $0.recordDelivery(notification) }
    }

    /// The outbox as the UI shows it.
    public var notifications: [AlertNotification] { self.state.withLock { $0.outbox } }
}
