import LabelSelection

extension AlertBook {
    /// The metrics enabled rules use (evaluation computes only these).
    public var metricsInUse: Set<String> { Set(self.rules.filter(\.enabled).map(\.metric)) }

    /// Whether an enabled rule selects pods by label (only then are samples given the pods' labels).
    public var labelsInUse: Bool {
        self.rules.contains { rule in
            guard rule.enabled, case .pods(_, _, let selector) = rule.target else { return false }
            return !selector.isEmpty
        }
    }

    /// What a subject was doing, for an alert that fires on it (``AlertContext``); nil when unknown.
    public typealias ContextSource = (AlertRule, AlertSubject) -> AlertContext?

    /// One evaluation of every enabled rule against current samples. Does nothing until loaded. Returns the
    /// alerts that fired in this pass (the caller may start their rules' profiles).
    @discardableResult
    public mutating func evaluate(
        _ samples: [AlertSample],
        now: Int64,
        context: ContextSource = { _, _ in nil }
    ) -> [Alert] {
        guard self.loaded else { return [] }
        var fired: [Alert] = []
        let byMetric = Dictionary(grouping: samples, by: \.metric)
        for rule in self.rules where rule.enabled {
            var seen = Set<String>()
            var held = self.pairs.keys.count { $0.ruleID == rule.id }
            for sample in byMetric[rule.metric] ?? [] where rule.target.matches(sample.subject, labels: sample.labels) {
                // A value that is not a finite number is unknown: it can neither be compared nor stored in an
                // alert (JSON has no infinity, and `/api/v1/alerts` would fail to encode it).
                let value = sample.value.flatMap { $0.isFinite ? $0 : nil }
                // Only a known value counts as seen: a stale node's alerts resolve after the absence limit
                // (while its `node.nodata` rule fires) instead of firing forever on data nobody sends.
                if value != nil { seen.insert(sample.subject.key) }
                let key = PairKey(ruleID: rule.id, subjectKey: sample.subject.key)
                let isNew = self.pairs[key] == nil
                var pair = self.pairs[key] ?? Pair(subject: sample.subject, lastSeenMilliseconds: now)
                pair.subject = sample.subject
                if value != nil { pair.lastSeenMilliseconds = now }
                let before = pair.state
                let transition = AlertStateMachine.step(&pair.state, rule: rule, value: value, now: now)
                if isNew && pair.state.phase != .ok {
                    // A new subject past the rule's maximum of pairs is not tracked (and cannot fire): the
                    // subjects come from agents, and each pair costs memory and database rows.
                    guard held < self.limits.pairsPerRule else {
                        self.pairsRefused[rule.id, default: 0] += 1
                        continue
                    }
                    held += 1
                }
                if let id = pair.alertID, let value { self.firing[id]?.value = value }
                if case .fired = transition {
                    self.apply(transition, rule: rule, pair: &pair, now: now, context: context(rule, pair.subject))
                    if let id = pair.alertID, let alert = self.firing[id] { fired.append(alert) }
                } else {
                    self.apply(transition, rule: rule, pair: &pair, now: now)
                }
                self.store(pair, key: key, before: before)
            }
            self.expireAbsent(rule, seen: seen, now: now)
        }
        self.enforcePendingLimits()
        self.refreshSummary()
        return fired
    }

    /// Resolves the pairs of subjects without data for the absence limit (a pod deleted by a rollout, a stale
    /// node). `node.nodata` is exempt: a node that stopped reporting is exactly what it alerts on.
    private mutating func expireAbsent(_ rule: AlertRule, seen: Set<String>, now: Int64) {
        guard rule.metric != AlertMetric.nodeNoData.name else { return }
        let absence = self.absenceMilliseconds
        let gone = self.pairs.filter {
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
            self.apply(transition, rule: rule, pair: &pair, now: now)
            self.store(pair, key: key, before: before)
        }
    }

    /// Dismiss (acknowledge) a firing alert: it resolves now, and its (rule, subject) stays quiet until the
    /// condition has cleared once. Dismissing an alert that already resolved changes nothing. nil = no such
    /// alert known.
    public mutating func dismiss(alertID: String, now: Int64) -> Alert? {
        guard self.firing[alertID] != nil,
            let (key, found) = self.pairs.first(where: { $0.value.alertID == alertID }),
            let rule = self.rules.first(where: { $0.id == key.ruleID })
        else {
            return self.recent.last { $0.id == alertID }
        }
        var pair = found
        let before = pair.state
        let transition = AlertStateMachine.dismiss(&pair.state, now: now)
        self.apply(transition, rule: rule, pair: &pair, now: now)
        self.store(pair, key: key, before: before)
        self.enforcePendingLimits()
        self.refreshSummary()
        return self.recent.last { $0.id == alertID }
    }

    /// Resolves every alert of a rule (disabled, edited or deleted) with `reason`, and forgets its pairs.
    mutating func stopPairs(of rule: AlertRule, reason: String, now: Int64) {
        for (key, var pair) in self.pairs where key.ruleID == rule.id {
            let transition = AlertStateMachine.stop(&pair.state, reason: reason, now: now)
            self.apply(transition, rule: rule, pair: &pair, now: now)
            self.pairs[key] = nil
        }
        self.record(.clearPairs(ruleID: rule.id))
        self.enforcePendingLimits()
        self.refreshSummary()
    }

    /// Keeps a pair in memory unless it is back to ok with nothing open, and journals its state when that
    /// matters after a restart or a change of leader (pending, firing or silenced, or leaving those): a pending
    /// pair resumes with its start, so another replica fires it when this one would have.
    private mutating func store(_ pair: Pair, key: PairKey, before: AlertState) {
        self.pairs[key] = pair.state.phase == .ok && pair.alertID == nil ? nil : pair
        func kept(_ phase: AlertPhase) -> Bool { phase != .ok }
        let after = pair.state
        let changed = after.phase != before.phase || after.lastNotifiedMilliseconds != before.lastNotifiedMilliseconds
        if changed && (kept(after.phase) || kept(before.phase)) {
            self.record(.pair(ruleID: key.ruleID, subject: pair.subject, state: after, alertID: pair.alertID))
        }
    }

    /// Opens, updates or closes the pair's alert for a transition, and queues its notifications.
    private mutating func apply(
        _ transition: AlertTransition?,
        rule: AlertRule,
        pair: inout Pair,
        now: Int64,
        context: AlertContext? = nil
    ) {
        switch transition {
        case nil:
            return
        case .fired(let value):
            var alert = Alert(
                id: Self.newID(),
                rule: rule,
                subject: pair.subject,
                value: value,
                startedMilliseconds: now
            )
            alert.context = context
            if rule.profileOnFireSeconds > 0 && pair.subject.kind != .node {
                // Marked before the firing notification is composed, so that it says a profile is coming; the
                // evaluation service starts it, or records why it could not.
                alert.context = alert.context ?? AlertContext(capturedMilliseconds: now, rankedBy: .cpu)
                alert.context?.profile = AlertProfile(
                    id: "",
                    state: .running,
                    durationSeconds: rule.profileOnFireSeconds
                )
            }
            pair.alertID = alert.id
            self.firing[alert.id] = alert
            self.record(.alert(alert))
            self.notify(.firing, alert, rule, now)
        case .ongoing(let value):
            guard let id = pair.alertID, var alert = self.firing[id] else { return }
            alert.value = value
            self.firing[id] = alert
            self.record(.alert(alert))
            self.notify(.ongoing, alert, rule, now)
        case .resolved(let value, let reason):
            self.close(&pair, value: value, reason: reason, dismissed: false, rule, now)
        case .dismissed(let value):
            self.close(&pair, value: value, reason: "dismissed", dismissed: true, rule, now)
        }
    }

    private mutating func close(
        _ pair: inout Pair,
        value: Double?,
        reason: String,
        dismissed: Bool,
        _ rule: AlertRule,
        _ now: Int64
    ) {
        guard let id = pair.alertID, var alert = self.firing.removeValue(forKey: id) else { return }
        pair.alertID = nil
        alert.state = .resolved
        alert.value = value ?? alert.value
        alert.resolvedMilliseconds = now
        alert.reason = reason
        alert.dismissed = dismissed
        self.recent.append(alert)
        if self.recent.count > Self.recentLimit {
            self.recent.removeFirst(self.recent.count - Self.recentLimit)
        }
        self.record(.alert(alert))
        self.notify(dismissed ? .dismissed : .resolved, alert, rule, now)
    }
}
