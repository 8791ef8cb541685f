extension AlertBook {
    /// The firing alerts of one rule, as the alerts page shows them: how many, and the worst few.
    public struct FiringGroup: Sendable, Hashable {
        public var ruleID: String
        public var ruleName: String
        public var severity: AlertSeverity
        public var count: Int
        /// The worst first: furthest past the threshold.
        public var worst: [Alert]
    }

    /// Firing alerts grouped by rule — the most severe rules first, then the most alerts — each with its
    /// `worst` worst alerts: the page stays small however many fire.
    public func firingGroups(worst limit: Int) -> [FiringGroup] {
        let byRule = Dictionary(grouping: self.firing.values, by: \.ruleID)
        return byRule.map { ruleID, alerts in
            let first = alerts[0]
            return FiringGroup(
                ruleID: ruleID,
                ruleName: first.ruleName,
                severity: alerts.map(\.severity).max() ?? first.severity,
                count: alerts.count,
                worst: Self.worstFirst(alerts, limit: limit)
            )
        }.sorted { ($0.severity, $0.count, $1.ruleName) > ($1.severity, $1.count, $0.ruleName) }
    }

    /// One page of a rule's firing alerts, the worst first, and how many fire in all.
    public func firingPage(ruleID: String, offset: Int, limit: Int) -> (alerts: [Alert], total: Int) {
        let alerts = self.firing.values.filter { $0.ruleID == ruleID }
        let ranked = Self.worstFirst(alerts, limit: offset + limit)
        return (Array(ranked.dropFirst(offset)), alerts.count)
    }

    /// How far past its threshold an alert is (unknown values last).
    static func breach(_ alert: Alert) -> Double {
        guard let value = alert.value, value.isFinite else { return -.infinity }
        switch alert.comparison {
        case .greater, .greaterOrEqual: return value - alert.threshold
        case .less, .lessOrEqual: return alert.threshold - value
        }
    }

    /// The `limit` worst alerts, worst first (ties: the longest firing first, then by id), without sorting all.
    static func worstFirst(_ alerts: [Alert], limit: Int) -> [Alert] {
        func before(_ a: Alert, _ b: Alert) -> Bool {
            let (left, right) = (Self.breach(a), Self.breach(b))
            if left != right { return left > right }
            return (a.startedMilliseconds, a.id) < (b.startedMilliseconds, b.id)
        }
        guard limit < alerts.count else { return alerts.sorted(by: before) }
        var kept: [Alert] = []
        kept.reserveCapacity(limit + 1)
        for alert in alerts {
            guard kept.count < limit || before(alert, kept[kept.count - 1]) else { continue }
            let index = kept.firstIndex { before(alert, $0) } ?? kept.count
            kept.insert(alert, at: index)
            if kept.count > limit { kept.removeLast() }
        }
        return kept
    }
}
