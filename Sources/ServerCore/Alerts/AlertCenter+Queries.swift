import AlertStore
public import Alerting
import Synchronization

extension AlertCenter {
    /// What /alerts shows, read in one lock.
    public struct Overview: Sendable {
        public var rules: [AlertRule]
        /// Per rule id: (firing, pending) pair counts.
        public var counts: [String: (firing: Int, pending: Int)]
        public var firing: [Alert]
        public var notifications: [AlertNotification]
        public var journalBacklog: Int
        public var database: DatabaseStatus
        public var persistent: Bool
        public var loaded: Bool
    }

    public func overview() -> Overview {
        let persistent = self.isPersistent
        return self.state.withLock { state in
            var counts: [String: (firing: Int, pending: Int)] = [:]
            for (key, pair) in state.pairs {
                var count = counts[key.ruleID] ?? (0, 0)
                if pair.state.phase == .firing { count.firing += 1 }
                if pair.state.phase == .pending { count.pending += 1 }
                counts[key.ruleID] = count
            }
            return Overview(
                rules: state.rules,
                counts: counts,
                firing: state.firing.values.sorted {
                    ($0.startedMilliseconds, $0.id) > ($1.startedMilliseconds, $1.id)
                },
                notifications: state.outbox,
                journalBacklog: state.journal.count,
                database: state.database,
                persistent: persistent,
                loaded: state.loaded
            )
        }
    }

    /// Firing alerts by subject key, with the highest severity among them (badges on cards and rows).
    public func firingBySubject() -> [String: AlertSeverity] {
        self.state.withLock { state in
            var result: [String: AlertSeverity] = [:]
            for alert in state.firing.values {
                let current = result[alert.subject.key]
                if current.map({ Self.rank($0) < Self.rank(alert.severity) }) ?? true {
                    result[alert.subject.key] = alert.severity
                }
            }
            return result
        }
    }

    static func rank(_ severity: AlertSeverity) -> Int {
        switch severity {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    /// Firing alerts, resolved ones, or both (resolved: those this server remembers; the history endpoint
    /// reads the database).
    public func alerts(firing: Bool, resolved: Bool) -> [Alert] {
        self.state.withLock { state in
            var result: [Alert] = []
            if firing { result += state.firing.values }
            if resolved { result += state.recent }
            return result.sorted { ($0.startedMilliseconds, $0.id) > ($1.startedMilliseconds, $1.id) }
        }
    }

    public func alert(id: String) -> Alert? {
        self.state.withLock { state in state.firing[id] ?? state.recent.last { $0.id == id } }
    }

    /// Alerts that started in [since, until), newest first, a page at a time: from the database when there is
    /// one (throws ``AlertCenterError/unavailable(_:)`` while it is down), else from memory.
    public func history(
        since: Int64,
        until: Int64,
        limit: Int,
        offset: Int
    ) async throws(AlertCenterError) -> (alerts: [Alert], total: Int) {
        if let store = self.store {
            do {
                return try await store.history(
                    sinceMilliseconds: since,
                    untilMilliseconds: until,
                    limit: limit,
                    offset: offset
                )
            } catch {
                throw .unavailable("History is unavailable while the database is down (\(error)).")
            }
        }
        let all = self.alerts(firing: true, resolved: true).filter {
            $0.startedMilliseconds >= since && $0.startedMilliseconds < until
        }
        return (Array(all.dropFirst(offset).prefix(limit)), all.count)
    }
}
