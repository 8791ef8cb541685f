extension AlertBook {
    /// Queues one notification per channel of the rule, and journals them. The rule's maximum of waiting
    /// notifications is enforced once per change (``enforcePendingLimits()``), not per notification: a storm
    /// queues tens of thousands in one evaluation.
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
        if !rule.channels.isEmpty { self.notifiedRules.insert(rule.id) }
    }

    /// Past a rule's maximum of waiting notifications the oldest are given up (failed, with the reason): a
    /// receiver that is down for days must not make the outbox grow without bound. One pass over the outbox
    /// for every rule that queued notifications since the last check.
    mutating func enforcePendingLimits() {
        guard !self.notifiedRules.isEmpty else { return }
        defer { self.notifiedRules = [] }
        let limit = self.limits.pendingNotificationsPerRule
        var pending: [String: [Int]] = [:]
        for index in self.outbox.indices
        where self.outbox[index].status == .pending && self.notifiedRules.contains(self.outbox[index].ruleID) {
            pending[self.outbox[index].ruleID, default: []].append(index)
        }
        var dropped = false
        for (ruleID, indices) in pending where indices.count > limit {
            for index in indices.prefix(indices.count - limit) {
                self.outbox[index].status = .failed
                self.outbox[index].lastError =
                    "dropped: more than \(limit) notifications were waiting for this rule"
                self.record(.notification(self.outbox[index]))
                self.notificationsDropped[ruleID, default: 0] += 1
            }
            dropped = true
        }
        if dropped { Self.prune(&self.outbox) }
    }

    /// Messages due now: per (rule, channel, group), every pending notification at once, once the group has
    /// waited ``NotificationGrouping/waitMilliseconds`` since its oldest (a new group) or
    /// ``NotificationGrouping/intervalMilliseconds`` since its last message, and no retry is waiting.
    public func dueBatches(now: Int64, grouping: NotificationGrouping, limit: Int = 20) -> [NotificationBatch] {
        var order: [String] = []
        var batches: [String: NotificationBatch] = [:]
        for notification in self.outbox where notification.status == .pending {
            let key = NotificationBatch.groupKey(notification)
            let lane = NotificationBatch.lane(ruleID: notification.ruleID, channel: notification.channel, groupKey: key)
            if batches[lane] == nil {
                order.append(lane)
                batches[lane] = NotificationBatch(
                    channel: notification.channel,
                    ruleID: notification.ruleID,
                    groupKey: key,
                    notifications: [],
                    firing: 0
                )
            }
            batches[lane]?.notifications.append(notification)
        }
        var due: [NotificationBatch] = []
        for lane in order {
            guard let batch = batches[lane], let oldest = batch.notifications.first else { continue }
            // Profile follow-ups answer a promise the firing message made: their own lane, the group wait only.
            let followUps = batch.groupKey.hasPrefix(NotificationBatch.profilesPrefix)
            let ready =
                if !followUps, let sent = self.groupsSent[lane] {
                    now >= sent + grouping.intervalMilliseconds
                } else {
                    now >= oldest.createdMilliseconds + grouping.waitMilliseconds
                }
            guard ready, batch.notifications.allSatisfy({ $0.nextAttemptMilliseconds <= now }) else { continue }
            due.append(batch)
            if due.count == limit { break }
        }
        guard !due.isEmpty else { return due }
        // One pass over the firing alerts of the rules concerned (a storm holds tens of thousands).
        let rules = Dictionary(self.rules.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        let wanted = Set(due.map(\.ruleID))
        var counts: [String: Int] = [:]
        for alert in self.firing.values where wanted.contains(alert.ruleID) {
            guard let rule = rules[alert.ruleID] else { continue }
            counts[alert.ruleID + "\u{0}" + rule.groupBy.key(alert.subject), default: 0] += 1
        }
        for index in due.indices {
            var key = Substring(due[index].groupKey)
            if key.hasPrefix(NotificationBatch.profilesPrefix) {
                key = key.dropFirst(NotificationBatch.profilesPrefix.count)
            }
            due[index].firing = counts[due[index].ruleID + "\u{0}" + key] ?? 0
        }
        return due
    }

    /// Records a message's outcome: each of its notifications as the deliverer left them (journaled), and when
    /// it was delivered, the time the group last had a message.
    public mutating func recordDelivery(_ batch: NotificationBatch, now: Int64) {
        if batch.notifications.contains(where: { $0.status == .delivered }) {
            self.groupsSent[batch.lane] = now
            // Groups quiet for longer than any interval need no entry (bounded by the groups active lately).
            self.groupsSent = self.groupsSent.filter { now - $0.value < 86_400_000 }
        }
        let updated = Dictionary(batch.notifications.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        for index in self.outbox.indices {
            guard let notification = updated[self.outbox[index].id] else { continue }
            self.outbox[index] = notification
            self.record(.notification(notification))
        }
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
