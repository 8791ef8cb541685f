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

    public func overview() -> Overview {
        let persistent = self.isPersistent
        return self.state.withLock { book in
            Overview(
                rules: book.rules,
                counts: book.ruleCounts,
                firing: book.alerts(firing: true, resolved: false),
                notifications: book.outbox,
                journalBacklog: book.journal.count,
                database: book.database,
                persistent: persistent,
                loaded: book.loaded,
                limits: book.limits,
                pairsRefused: book.pairsRefused,
                notificationsDropped: book.notificationsDropped,
                setAside: book.setAside
            )
        }
    }

    /// Firing alerts by subject key, with the highest severity among them (badges on cards and rows).
    public func firingBySubject() -> [String: AlertSeverity] {
        self.state.withLock { $0.firingBySubject }
    }

    /// Firing alerts, resolved ones, or both (resolved: those this server remembers; the history endpoint
    /// reads the database).
    public func alerts(firing: Bool, resolved: Bool) -> [Alert] {
        self.state.withLock { $0.alerts(firing: firing, resolved: resolved) }
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
