import AlertStore
public import Alerting
import Synchronization

extension AlertCenter {
    /// What /alerts shows, read in one lock.
    public struct Overview: Sendable {
        public var rules: [AlertRule]
        /// Per rule id: how many of its targets are in each phase.
        public var counts: [String: RuleCounts]
        /// Firing alerts by rule, each with its worst few; see ``AlertBook/firingGroups(worst:)``.
        public var firingGroups: [AlertBook.FiringGroup]
        public var firingTotal: Int
        /// The newest pending and failed notifications, at most ``shownNotifications`` of each.
        public var notifications: [AlertNotification]
        public var pendingNotifications: Int
        public var failedNotifications: Int
        public var journalBacklog: Int
        public var database: DatabaseStatus
        public var persistent: Bool
        public var loaded: Bool
        public var limits: Limits
        /// Per rule id: subjects not tracked past the maximum of pairs, notifications dropped past the maximum.
        public var pairsRefused: [String: Int]
        public var notificationsDropped: [String: Int]
        public var setAside: [SetAside]
        /// Which replica evaluates and delivers.
        public var leadership: AlertLeadership
    }

    /// Notifications listed on /alerts.
    public static let shownNotifications = 50

    public func overview() -> Overview {
        let persistent = self.isPersistent
        let leadership = self.leadership
        return self.state.withLock { book in
            let pending = book.outbox.filter { $0.status == .pending }
            let failed = book.outbox.filter { $0.status == .failed }
            return Overview(
                rules: book.rules,
                counts: book.summary.counts,
                firingGroups: book.summary.firingGroups,
                firingTotal: book.firing.count,
                notifications: pending.prefix(Self.shownNotifications) + failed.suffix(Self.shownNotifications),
                pendingNotifications: pending.count,
                failedNotifications: failed.count,
                journalBacklog: book.journal.count,
                database: book.database,
                persistent: persistent,
                loaded: book.loaded,
                limits: book.limits,
                pairsRefused: book.pairsRefused,
                notificationsDropped: book.notificationsDropped,
                setAside: book.setAside,
                leadership: leadership
            )
        }
    }

    /// One page of a rule's firing alerts, the worst first; see ``AlertBook/firingPage(ruleID:offset:limit:)``.
    public func firingPage(ruleID: String, offset: Int, limit: Int) -> (alerts: [Alert], total: Int) {
        self.state.withLock { $0.firingPage(ruleID: ruleID, offset: offset, limit: limit) }
    }

    /// What every page's banner needs, without the rest of the overview (which a storm makes costly).
    public func databaseSummary() -> (persistent: Bool, database: DatabaseStatus, journalBacklog: Int) {
        let persistent = self.isPersistent
        return self.state.withLock { (persistent, $0.database, $0.journal.count) }
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
        return self.state.withLock { $0.historyPage(since: since, until: until, limit: limit, offset: offset) }
    }
}
