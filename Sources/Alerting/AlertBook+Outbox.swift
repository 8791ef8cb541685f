extension AlertBook {
    /// Queues one notification per channel of the rule, and journals them.
    mutating func notify(_ kind: AlertNotification.Kind, _ alert: Alert, _ rule: AlertRule, _ now: Int64) {
        for channel in rule.channels {
            let notification = AlertNotification(
                id: Self.newID(),
                channel: channel,
                kind: kind,
                event: AlertEvent(alert: alert, rule: rule, at: now),
                now: now
            )
            self.outbox.append(notification)
            self.record(.notification(notification))
        }
        self.dropOldestPending(of: rule)
    }

    /// Past the rule's maximum of waiting notifications the oldest are given up (failed, with the reason):
    /// a receiver that is down for days must not make the outbox grow without bound.
    private mutating func dropOldestPending(of rule: AlertRule) {
        let limit = self.limits.pendingNotificationsPerRule
        let pending = self.outbox.indices.filter {
            self.outbox[$0].ruleID == rule.id && self.outbox[$0].status == .pending
        }
        guard pending.count > limit else { return }
        for index in pending.prefix(pending.count - limit) {
            self.outbox[index].status = .failed
            self.outbox[index].lastError = "dropped: more than \(limit) notifications were waiting for this rule"
            self.record(.notification(self.outbox[index]))
            self.notificationsDropped[rule.id, default: 0] += 1
        }
        Self.prune(&self.outbox)
    }

    /// Notifications due now, oldest first. A notification waits while an earlier one about the same alert on
    /// the same channel is still pending, so "resolved" never overtakes "firing".
    public func dueNotifications(now: Int64, limit: Int = 20) -> [AlertNotification] {
        var blocked = Set<String>()
        var due: [AlertNotification] = []
        for notification in self.outbox where notification.status == .pending {
            let lane = notification.alertID + "/" + notification.channel
            guard !blocked.contains(lane) else { continue }
            blocked.insert(lane)
            if notification.nextAttemptMilliseconds <= now { due.append(notification) }
            if due.count == limit { break }
        }
        return due
    }

    /// Records an attempt's outcome (the notification as the deliverer left it) and journals it.
    public mutating func recordDelivery(_ notification: AlertNotification) {
        guard let index = self.outbox.firstIndex(where: { $0.id == notification.id }) else { return }
        self.outbox[index] = notification
        self.record(.notification(notification))
        Self.prune(&self.outbox)
    }

    /// Keeps every pending notification, and the last few delivered and failed ones for the UI.
    static func prune(_ outbox: inout [AlertNotification]) {
        let delivered = outbox.filter { $0.status == .delivered }
        let failed = outbox.filter { $0.status == .failed }
        guard delivered.count > Self.deliveredKept || failed.count > Self.failedKept else { return }
        let dropped = Set(
            delivered.dropLast(Self.deliveredKept).map(\.id) + failed.dropLast(Self.failedKept).map(\.id)
        )
        outbox.removeAll { dropped.contains($0.id) }
    }
}
