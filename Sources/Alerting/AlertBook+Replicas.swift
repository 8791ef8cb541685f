extension AlertBook {
    /// This replica no longer leads: what it journaled and did not write is dropped (the next leader resumes
    /// from the database), and it journals nothing until it leads again.
    public mutating func stopJournaling() {
        self.journaling = false
        self.journal = []
    }

    /// Brings the rules in line with the database's (another replica edited them): new ones are added, changed
    /// ones replaced (resolving their alerts when what they evaluate changed), missing ones removed. Returns
    /// whether anything changed.
    @discardableResult
    public mutating func syncRules(_ stored: [AlertRule], now: Int64) -> Bool {
        let storedIDs = Set(stored.map(\.id))
        var changed = false
        for rule in self.rules where !storedIDs.contains(rule.id) {
            self.remove(ruleID: rule.id, now: now)
            changed = true
        }
        for rule in stored {
            if let current = self.rule(id: rule.id) {
                guard current != rule else { continue }
                self.replace(rule, now: now)
            } else {
                self.add(rule)
            }
            changed = true
        }
        if changed {
            // The database's order (creation), as a fresh load would have it.
            let order = Dictionary(stored.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            self.rules.sort { (order[$0.id] ?? .max) < (order[$1.id] ?? .max) }
            self.refreshSummary()
        }
        return changed
    }

    /// Applies actions other replicas forwarded, each journaled as done with its effects.
    public mutating func apply(_ actions: [AlertAction], now: Int64) {
        for action in actions {
            switch action.kind {
            case .dismiss: _ = self.dismiss(alertID: action.alertID, now: now)
            }
            self.record(.actionDone(id: action.id))
        }
    }
}
