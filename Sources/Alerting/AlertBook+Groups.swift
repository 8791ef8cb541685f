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
            if groups[alert.ruleID] == nil {
                groups[alert.ruleID] = FiringGroup(
                    ruleID: alert.ruleID,
                    ruleName: alert.ruleName,
                    severity: alert.severity,
                    count: 0,
                    worst: []
                )
            }
            groups[alert.ruleID]?.count += 1
            if let severity = groups[alert.ruleID]?.severity, severity < alert.severity {
                groups[alert.ruleID]?.severity = alert.severity
            }
            if let worst = groups[alert.ruleID]?.worst,
                worst.count < limit || Self.before(alert, worst[worst.count - 1])
            {
                groups[alert.ruleID]?.worst = Self.inserting(alert, into: worst, limit: limit)
            }
        }
        return groups.values.sorted { ($0.severity, $0.count, $1.ruleName) > ($1.severity, $1.count, $0.ruleName) }
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

    /// Whether `a` is worse than `b`: further past its threshold, then firing longer, then by id.
    static func before(_ a: Alert, _ b: Alert) -> Bool {
        let (left, right) = (Self.breach(a), Self.breach(b))
        if left != right { return left > right }
        return (a.startedMilliseconds, a.id) < (b.startedMilliseconds, b.id)
    }

    /// `kept` (sorted, worst first) with `alert` in its place, at most `limit` long.
    static func inserting(_ alert: Alert, into kept: [Alert], limit: Int) -> [Alert] {
        var kept = kept
        let index = kept.firstIndex { Self.before(alert, $0) } ?? kept.count
        kept.insert(alert, at: index)
        if kept.count > limit { kept.removeLast() }
        return kept
    }

    /// The `limit` worst alerts, worst first, without sorting all.
    static func worstFirst(_ alerts: [Alert], limit: Int) -> [Alert] {
        guard limit < alerts.count else { return alerts.sorted(by: Self.before) }
        var kept: [Alert] = []
        kept.reserveCapacity(limit + 1)
        for alert in alerts where kept.count < limit || Self.before(alert, kept[kept.count - 1]) {
            kept = Self.inserting(alert, into: kept, limit: limit)
        }
        return kept
    }

    /// The alerts (firing, then those resolved in memory) that started in [since, until), newest first, a page
    /// at a time, and how many there are: without a database this is the history, and a storm holds tens of
    /// thousands — only the page's alerts are copied and ordered.
    public func historyPage(since: Int64, until: Int64, limit: Int, offset: Int) -> (alerts: [Alert], total: Int) {
        func newer(_ a: Alert, _ b: Alert) -> Bool {
            (a.startedMilliseconds, a.id) > (b.startedMilliseconds, b.id)
        }
        let wanted = offset + limit
        var kept: [Alert] = []
        var total = 0
        func consider(_ alert: Alert) {
            guard alert.startedMilliseconds >= since && alert.startedMilliseconds < until else { return }
            total += 1
            guard kept.count < wanted || newer(alert, kept[kept.count - 1]) else { return }
            let index = kept.firstIndex { newer(alert, $0) } ?? kept.count
            kept.insert(alert, at: index)
            if kept.count > wanted { kept.removeLast() }
        }
        for alert in self.firing.values { consider(alert) }
        for alert in self.recent { consider(alert) }
        return (Array(kept.dropFirst(offset)), total)
    }
}
