import AlertStore
public import Alerting
import Synchronization

extension AlertCenter {
    /// Notifications due now, oldest first. A notification waits while an earlier one about the same alert on
    /// the same channel is still pending, so "resolved" never overtakes "firing".
    package func dueNotifications(now: Int64, limit: Int = 20) -> [AlertNotification] {
        self.state.withLock { state in
            var blocked = Set<String>()
            var due: [AlertNotification] = []
            for notification in state.outbox where notification.status == .pending {
                let lane = notification.alertID + "/" + notification.channel
                guard !blocked.contains(lane) else { continue }
                blocked.insert(lane)
                if notification.nextAttemptMilliseconds <= now { due.append(notification) }
                if due.count == limit { break }
            }
            return due
        }
    }

    /// Records an attempt's outcome (the notification as the deliverer left it) and journals it.
    package func recordDelivery(_ notification: AlertNotification) {
        let persistent = self.isPersistent
        self.state.withLock { state in
            guard let index = state.outbox.firstIndex(where: { $0.id == notification.id }) else { return }
            state.outbox[index] = notification
            state.journal(.notification(notification), persistent: persistent)
            Self.prune(&state.outbox)
        }
    }

    /// Keeps every pending notification, and the last few delivered and failed ones for the UI.
    package static func prune(_ outbox: inout [AlertNotification]) {
        let delivered = outbox.filter { $0.status == .delivered }
        let failed = outbox.filter { $0.status == .failed }
        guard delivered.count > Self.deliveredKept || failed.count > Self.failedKept else { return }
        let dropped = Set(
            delivered.dropLast(Self.deliveredKept).map(\.id) + failed.dropLast(Self.failedKept).map(\.id)
        )
        outbox.removeAll { dropped.contains($0.id) }
    }

    /// The outbox as the UI shows it.
    public var notifications: [AlertNotification] { self.state.withLock { $0.outbox } }
}
