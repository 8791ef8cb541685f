extension AlertBook {
    /// How many of a rule's subjects are in each phase.
    public struct RuleCounts: Sendable, Hashable {
        public var firing = 0
        public var pending = 0
        /// Dismissed, and quiet until the condition clears.
        public var silenced = 0

        public init() {}
    }

    /// Per rule id: how many of its subjects are in each phase.
    public var ruleCounts: [String: RuleCounts] {
        var counts: [String: RuleCounts] = [:]
        for (key, pair) in self.pairs {
            switch pair.state.phase {
            case .firing: counts[key.ruleID, default: RuleCounts()].firing += 1
            case .pending: counts[key.ruleID, default: RuleCounts()].pending += 1
            case .silenced: counts[key.ruleID, default: RuleCounts()].silenced += 1
            case .ok: break
            }
        }
        return counts
    }

    /// Firing alerts by subject key, with the highest severity among them (badges on cards and rows).
    public var firingBySubject: [String: AlertSeverity] {
        var result: [String: AlertSeverity] = [:]
        for alert in self.firing.values {
            let current = result[alert.subject.key]
            if current.map({ $0 < alert.severity }) ?? true {
                result[alert.subject.key] = alert.severity
            }
        }
        return result
    }

    /// Firing alerts, resolved ones (those kept in memory), or both; newest first.
    public func alerts(firing: Bool, resolved: Bool) -> [Alert] {
        var result: [Alert] = []
        if firing { result += self.firing.values }
        if resolved { result += self.recent }
        return result.sorted { ($0.startedMilliseconds, $0.id) > ($1.startedMilliseconds, $1.id) }
    }
}
