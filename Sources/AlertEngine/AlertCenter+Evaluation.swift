import AlertStore
public import Alerting
import Synchronization

extension AlertCenter {
    /// The metrics enabled rules use (evaluation computes only these).
    public var metricsInUse: Set<String> {
        self.state.withLock { Set($0.rules.filter(\.enabled).map(\.metric)) }
    }

    /// One evaluation of every enabled rule against current samples. Pure bookkeeping under the lock: no I/O.
    public func evaluate(_ samples: [AlertSample], now: Int64) {
        let byMetric = Dictionary(grouping: samples, by: \.metric)
        let persistent = self.isPersistent
        let absence = self.absenceMilliseconds
        self.state.withLock { state in
            guard state.loaded else { return }
            for rule in state.rules where rule.enabled {
                var seen = Set<String>()
                var held = state.pairs.keys.count { $0.ruleID == rule.id }
                for sample in byMetric[rule.metric] ?? [] where rule.target.matches(sample.subject) {
                    // A value that is not a finite number is unknown: it can neither be compared nor stored in an
                    // alert (JSON has no infinity, and `/api/v1/alerts` would fail to encode it).
                    let value = sample.value.flatMap { $0.isFinite ? $0 : nil }
                    // Only a known value counts as seen: a stale node's alerts resolve after the absence limit
                    // (while its `node.nodata` rule fires) instead of firing forever on data nobody sends.
                    if value != nil { seen.insert(sample.subject.key) }
                    let key = PairKey(ruleID: rule.id, subjectKey: sample.subject.key)
                    let isNew = state.pairs[key] == nil
                    var pair =
                        state.pairs[key] ?? Pair(subject: sample.subject, lastSeenMilliseconds: now)
                    pair.subject = sample.subject
                    if value != nil { pair.lastSeenMilliseconds = now }
                    let before = pair.state
                    let transition = AlertStateMachine.step(&pair.state, rule: rule, value: value, now: now)
                    if isNew && pair.state.phase != .ok {
                        // A new subject past the rule's maximum of pairs is not tracked (and cannot fire): the
                        // subjects come from agents, and each pair costs memory and database rows.
                        guard held < state.limits.pairsPerRule else {
                            state.pairsRefused[rule.id, default: 0] += 1
                            continue
                        }
                        held += 1
                    }
                    if let id = pair.alertID, let value { state.firing[id]?.value = value }
                    state.apply(transition, rule: rule, pair: &pair, now: now, persistent: persistent)
                    state.store(pair, key: key, before: before, persistent: persistent)
                }
                // Subjects without data for the absence limit (a pod deleted by a rollout, a stale node).
                // `node.nodata` is exempt: a node that stopped reporting is exactly what it alerts on.
                guard rule.metric != AlertMetric.nodeNoData.name else { continue }
                let gone = state.pairs.filter {
                    $0.key.ruleID == rule.id && !seen.contains($0.key.subjectKey)
                        && now - $0.value.lastSeenMilliseconds > absence
                }
                for (key, var pair) in gone {
                    let before = pair.state
                    let transition = AlertStateMachine.stop(
                        &pair.state,
                        reason: "no data from \(pair.subject) for \(absence / 1000) s",
                        now: now
                    )
                    state.apply(transition, rule: rule, pair: &pair, now: now, persistent: persistent)
                    state.store(pair, key: key, before: before, persistent: persistent)
                }
            }
        }
    }

    /// Dismiss (acknowledge) a firing alert: it resolves now, and its (rule, subject) stays quiet until the
    /// condition has cleared once. Dismissing an alert that already resolved changes nothing. nil = no such
    /// alert known.
    public func dismiss(alertID: String, now: Int64) -> Alert? {
        let persistent = self.isPersistent
        return self.state.withLock { state in
            guard state.firing[alertID] != nil,
                let (key, found) = state.pairs.first(where: { $0.value.alertID == alertID }),
                let rule = state.rules.first(where: { $0.id == key.ruleID })
            else {
                return state.recent.last { $0.id == alertID }
            }
            var pair = found
            let before = pair.state
            let transition = AlertStateMachine.dismiss(&pair.state, now: now)
            state.apply(transition, rule: rule, pair: &pair, now: now, persistent: persistent)
            state.store(pair, key: key, before: before, persistent: persistent)
            return state.recent.last { $0.id == alertID }
        }
    }

    /// Resolves every alert of a rule (disabled, edited or deleted) with `reason`, and forgets its pairs.
    package func stopPairs(of rule: AlertRule, reason: String, now: Int64, in state: inout State) {
        let persistent = self.isPersistent
        for (key, var pair) in state.pairs where key.ruleID == rule.id {
            let transition = AlertStateMachine.stop(&pair.state, reason: reason, now: now)
            state.apply(transition, rule: rule, pair: &pair, now: now, persistent: persistent)
            state.pairs[key] = nil
        }
        state.journal(.clearPairs(ruleID: rule.id), persistent: persistent)
    }
}

extension AlertCenter.State {
    /// Keeps a pair in memory unless it is back to ok with nothing open, and journals its state when that
    /// matters after a restart (firing or silenced, or leaving those).
    package mutating func store(
        _ pair: AlertCenter.Pair,
        key: AlertCenter.PairKey,
        before: AlertState,
        persistent: Bool
    ) {
        self.pairs[key] = pair.state.phase == .ok && pair.alertID == nil ? nil : pair
        func kept(_ phase: AlertPhase) -> Bool { phase == .firing || phase == .silenced }
        let after = pair.state
        let changed = after.phase != before.phase || after.lastNotifiedMilliseconds != before.lastNotifiedMilliseconds
        if changed && (kept(after.phase) || kept(before.phase)) {
            self.journal(
                .pair(ruleID: key.ruleID, subject: pair.subject, state: after, alertID: pair.alertID),
                persistent: persistent
            )
        }
    }

    /// Opens, updates or closes the pair's alert for a transition, and queues its notifications.
    package mutating func apply(
        _ transition: AlertTransition?,
        rule: AlertRule,
        pair: inout AlertCenter.Pair,
        now: Int64,
        persistent: Bool
    ) {
        switch transition {
        case nil:
            return
        case .fired(let value):
            let alert = Alert(
                id: AlertCenter.newID(),
                rule: rule,
                subject: pair.subject,
                value: value,
                startedMilliseconds: now
            )
            pair.alertID = alert.id
            self.firing[alert.id] = alert
            self.journal(.alert(alert), persistent: persistent)
            self.notify(.firing, alert, rule, now, persistent)
        case .ongoing(let value):
            guard let id = pair.alertID, var alert = self.firing[id] else { return }
            alert.value = value
            self.firing[id] = alert
            self.journal(.alert(alert), persistent: persistent)
            self.notify(.ongoing, alert, rule, now, persistent)
        case .resolved(let value, let reason):
            self.close(&pair, value: value, reason: reason, dismissed: false, rule, now, persistent)
        case .dismissed(let value):
            self.close(&pair, value: value, reason: "dismissed", dismissed: true, rule, now, persistent)
        }
    }

    private mutating func close(
        _ pair: inout AlertCenter.Pair,
        value: Double?,
        reason: String,
        dismissed: Bool,
        _ rule: AlertRule,
        _ now: Int64,
        _ persistent: Bool
    ) {
        guard let id = pair.alertID, var alert = self.firing.removeValue(forKey: id) else { return }
        pair.alertID = nil
        alert.state = .resolved
        alert.value = value ?? alert.value
        alert.resolvedMilliseconds = now
        alert.reason = reason
        alert.dismissed = dismissed
        self.recent.append(alert)
        if self.recent.count > AlertCenter.recentLimit {
            self.recent.removeFirst(self.recent.count - AlertCenter.recentLimit)
        }
        self.journal(.alert(alert), persistent: persistent)
        self.notify(dismissed ? .dismissed : .resolved, alert, rule, now, persistent)
    }

    private mutating func notify(
        _ kind: AlertNotification.Kind,
        _ alert: Alert,
        _ rule: AlertRule,
        _ now: Int64,
        _ persistent: Bool
    ) {
        for channel in rule.channels {
            let notification = AlertNotification(
                id: AlertCenter.newID(),
                channel: channel,
                kind: kind,
                event: AlertEvent(alert: alert, rule: rule, at: now),
                now: now
            )
            self.outbox.append(notification)
            self.journal(.notification(notification), persistent: persistent)
        }
        self.dropOldestPending(of: rule, persistent)
    }

    /// Past the rule's maximum of waiting notifications the oldest are given up (failed, with the reason):
    /// a receiver that is down for days must not make the outbox grow without bound.
    private mutating func dropOldestPending(of rule: AlertRule, _ persistent: Bool) {
        let limit = self.limits.pendingNotificationsPerRule
        let pending = self.outbox.indices.filter {
            self.outbox[$0].ruleID == rule.id && self.outbox[$0].status == .pending
        }
        guard pending.count > limit else { return }
        for index in pending.prefix(pending.count - limit) {
            self.outbox[index].status = .failed
            self.outbox[index].lastError = "dropped: more than \(limit) notifications were waiting for this rule"
            self.journal(.notification(self.outbox[index]), persistent: persistent)
            self.notificationsDropped[rule.id, default: 0] += 1
        }
        AlertCenter.prune(&self.outbox)
    }
}
