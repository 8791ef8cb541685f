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
    /// `worst` worst alerts: the page stays small however many fire. One pass, copying only the alerts kept.
    public func firingGroups(worst limit: Int) -> [FiringGroup] {
        var groups: [String: FiringGroup] = [:]
        for alert in self.firing.values {
            let empty = FiringGroup(
                ruleID: alert.ruleID,
                ruleName: alert.ruleName,
                severity: alert.severity,
                count: 0,
                worst: []
            )
            groups[alert.ruleID, default: empty].count += 1
            groups[alert.ruleID, default: empty].severity = max(
                groups[alert.ruleID, default: empty].severity,
                alert.severity
            )
            TopSelection.offer(alert, to: &groups[alert.ruleID, default: empty].worst, limit: limit, by: Self.before)
        }
        return groups.values.sorted { ($0.severity, $0.count, $1.ruleName) > ($1.severity, $1.count, $0.ruleName) }
    }

    /// One page of a rule's firing alerts, the worst first, and how many fire in all.
    public func firingPage(ruleID: String, offset: Int, limit: Int) -> (alerts: [Alert], total: Int) {
        let alerts = self.firing.values.filter { $0.ruleID == ruleID }
        let ranked = Self.worstFirst(alerts, limit: offset + limit)
        return (Array(ranked.dropFirst(offset)), alerts.count)
    }

    /// Whether `a` is worse than `b`: further past its threshold, then firing longer, then by id.
    static func before(_ a: Alert, _ b: Alert) -> Bool {
        let left = a.comparison.distance(of: a.value, past: a.threshold)
        let right = b.comparison.distance(of: b.value, past: b.threshold)
        if left != right { return left > right }
        return (a.startedMilliseconds, a.id) < (b.startedMilliseconds, b.id)
    }

    /// The `limit` worst alerts, worst first, without sorting all.
    static func worstFirst(_ alerts: [Alert], limit: Int) -> [Alert] {
        TopSelection.first(limit, of: alerts, by: Self.before)
    }

    /// The alerts (firing, then those resolved in memory) that started in [since, until), newest first, a page
    /// at a time, and how many there are: without a database this is the history, and a storm holds tens of
    /// thousands — only the page's alerts are copied and ordered.
    public func historyPage(since: Int64, until: Int64, limit: Int, offset: Int) -> (alerts: [Alert], total: Int) {
        func newer(_ a: Alert, _ b: Alert) -> Bool {
            (a.startedMilliseconds, a.id) > (b.startedMilliseconds, b.id)
        }
        var kept: [Alert] = []
        var total = 0
        for alert in [AnySequence(self.firing.values), AnySequence(self.recent)].joined()
        where alert.startedMilliseconds >= since && alert.startedMilliseconds < until {
            total += 1
            TopSelection.offer(alert, to: &kept, limit: offset + limit, by: newer)
        }
        return (Array(kept.dropFirst(offset)), total)
    }
}
