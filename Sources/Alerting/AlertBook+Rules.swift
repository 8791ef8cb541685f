extension AlertBook {
    public func rule(id: String) -> AlertRule? { self.rules.first { $0.id == id } }

    /// Adds a rule; it is evaluated from the next pass. A rule already held (taken up from the database an
    /// instant before the replica that created it added it) is not added twice.
    public mutating func add(_ rule: AlertRule) {
        guard self.rule(id: rule.id) == nil else { return }
        self.rules.append(rule)
    }

    /// Replaces a rule. Changing what it evaluates (target, metric, condition, for_seconds) or disabling it
    /// resolves its open alerts with the reason recorded; renaming or changing channels does not.
    public mutating func replace(_ updated: AlertRule, now: Int64) {
        guard let index = self.rules.firstIndex(where: { $0.id == updated.id }) else { return }
        let current = self.rules[index]
        self.rules[index] = updated
        if current.enabled && !updated.enabled {
            self.stopPairs(of: updated, reason: "rule disabled", now: now)
        } else if Self.evaluatesDifferently(current, updated) {
            self.stopPairs(of: updated, reason: "rule edited", now: now)
        }
    }

    /// Removes a rule; its open alerts resolve ("rule deleted") and stay in the history.
    public mutating func remove(ruleID: String, now: Int64) {
        guard let index = self.rules.firstIndex(where: { $0.id == ruleID }) else { return }
        let rule = self.rules.remove(at: index)
        self.stopPairs(of: rule, reason: "rule deleted", now: now)
    }

    static func evaluatesDifferently(_ old: AlertRule, _ new: AlertRule) -> Bool {
        old.target != new.target || old.metric != new.metric || old.comparison != new.comparison
            || old.threshold != new.threshold || old.resolveThreshold != new.resolveThreshold
            || old.forSeconds != new.forSeconds
    }
}
