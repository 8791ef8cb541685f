extension AlertBook {
    /// The alert, firing or recently resolved, that this server holds in memory.
    public func alert(id: String) -> Alert? {
        self.firing[id] ?? self.recent.last { $0.id == id }
    }

    /// Alerts whose rule's profile is still being taken (their profile ids), for the service that watches them.
    public var profilesRunning: [(alertID: String, profileID: String)] {
        (Array(self.firing.values) + self.recent).compactMap { alert in
            guard let profile = alert.context?.profile, profile.state == .running, !profile.id.isEmpty else {
                return nil
            }
            return (alert.id, profile.id)
        }
    }

    /// The rule's profile of an alert was started (`id`), or could not be (`state` `.skipped` with the reason).
    public mutating func profileStarted(alertID: String, _ profile: AlertProfile) {
        self.updateProfile(alertID: alertID, profile)
    }

    /// The alert's profile finished: done with its stacks (journaled beside the alert), or failed. Queues a
    /// follow-up notification on the rule's channels linking the flame graph (or saying why there is none).
    public mutating func profileFinished(alertID: String, _ profile: AlertProfile, folded: [UInt8], now: Int64) {
        guard let alert = self.updateProfile(alertID: alertID, profile) else { return }
        if profile.state == .done {
            self.record(.profileStacks(alertID: alertID, profileID: profile.id, folded: folded))
        }
        guard let rule = self.rules.first(where: { $0.id == alert.ruleID }) else { return }
        self.notify(.profiled, alert, rule, now)
        self.enforcePendingLimits()
    }

    @discardableResult
    private mutating func updateProfile(alertID: String, _ profile: AlertProfile) -> Alert? {
        var alert: Alert
        if let firing = self.firing[alertID] {
            alert = firing
        } else if let index = self.recent.lastIndex(where: { $0.id == alertID }) {
            alert = self.recent[index]
        } else {
            return nil
        }
        alert.context = alert.context ?? AlertContext(capturedMilliseconds: alert.startedMilliseconds, rankedBy: .cpu)
        alert.context?.profile = profile
        if self.firing[alertID] != nil {
            self.firing[alertID] = alert
        } else if let index = self.recent.lastIndex(where: { $0.id == alertID }) {
            self.recent[index] = alert
        }
        self.record(.alert(alert))
        // Messages not yet sent say how the profile went, not that it is coming.
        for index in self.outbox.indices
        where self.outbox[index].alertID == alertID && self.outbox[index].status == .pending {
            self.outbox[index].event.profile = profile
            self.record(.notification(self.outbox[index]))
        }
        self.refreshSummary()
        return alert
    }
}
