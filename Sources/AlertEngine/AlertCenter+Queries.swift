import AlertStore
public import Alerting
import Synchronization

extension AlertCenter {
    /// What /alerts shows, read in one lock.
    public struct Overview: Sendable {
        public var rules: [AlertRule]
        /// Per rule id: how many of its targets are in each phase.
        public var counts: [String: RuleCounts]
        public var firing: [Alert]
        public var notifications: [AlertNotification]
        public var journalBacklog: Int
        public var database: DatabaseStatus
        public var persistent: Bool
        public var loaded: Bool
        public var limits: Limits
        /// Per rule id: subjects not tracked past the maximum of pairs, notifications dropped past the maximum.
        public var pairsRefused: [String: Int]
        public var notificationsDropped: [String: Int]
        public var setAside: [SetAside]
    }

    public struct RuleCounts: Sendable, Hashable {
        public var firing = 0
        public var pending = 0
        /// Dismissed, and quiet until the condition clears.
        public var silenced = 0

        public init() {}
    }

    public func overview() -> Overview {
        let persistent = self.isPersistent
        return self.state.withLock { state in
            var counts: [String: RuleCounts] = [:]
            for (key, pair) in state.pairs {
                switch pair.state.phase {
                case .firing: counts[key.ruleID, default: RuleCounts()].firing += 1
                case .pending: counts[key.ruleID, default: RuleCounts()].pending += 1
                case .silenced: counts[key.ruleID, default: RuleCounts()].silenced += 1
                case .ok: break
                }
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
                loaded: state.loaded,
                limits: state.limits,
                pairsRefused: state.pairsRefused,
                notificationsDropped: state.notificationsDropped,
                setAside: state.setAside
            )
        }
    }

    /// Firing alerts by subject key, with the highest severity among them (badges on cards and rows).
    public func firingBySubject() -> [String: AlertSeverity] {
        self.state.withLock { state in
            var result: [String: AlertSeverity] = [:]
            for alert in state.firing.values {
                let current = result[alert.subject.key]
                if current.map({ $0 < alert.severity }) ?? true {
                    result[alert.subject.key] = alert.severity
                }
            }
            return result
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
