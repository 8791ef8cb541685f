public import AlertStore
import Alerting
import Foundation
package import Synchronization

/// The server's alerting state: rules, the state of every (rule, subject) pair, firing alerts and the
/// notification outbox — in memory, authoritative while the server runs, and journaled to PostgreSQL.
///
/// Evaluation, dismissals and deliveries change memory first and append idempotent journal entries; the
/// ``AlertPersistenceService`` writes the journal in batches and keeps it while the database is down, so a
/// database outage loses nothing and stops nothing but rule edits (which are written through, and refused
/// with a clear message when they cannot be). Without a database (`store == nil`) nothing is journaled and the
/// UI says rules will not survive a restart.
public final class AlertCenter: Sendable {
    public let store: AlertDatabase?
    /// Channels with a destination configured (`discord`, `webhook`): the default for rules that name none.
    public let configuredChannels: [String]
    /// A subject not reported for this long resolves its alerts ("no longer reported").
    package let absenceMilliseconds: Int64
    package let state: Mutex<State>

    package struct PairKey: Hashable {
        var ruleID: String
        var subjectKey: String
    }

    package struct Pair {
        var subject: AlertSubject
        var state = AlertState()
        var alertID: String?
        var lastSeenMilliseconds: Int64
    }

    package struct State {
        /// False until the database's rules and states are loaded (evaluation waits; no rule edits).
        var loaded = false
        var rules: [AlertRule] = []
        var pairs: [PairKey: Pair] = [:]
        var firing: [String: Alert] = [:]
        /// Resolved alerts, oldest first, bounded: the history without a database, "recent" with one.
        var recent: [Alert] = []
        /// Pending and failed notifications, and the last delivered ones (for the UI).
        var outbox: [AlertNotification] = []
        var journal: [JournalEntry] = []
        var database: DatabaseStatus = .init()
        var limits = Limits()
        /// Per rule: subjects not tracked because the rule held its maximum of pairs.
        var pairsRefused: [String: Int] = [:]
        /// Per rule: pending notifications dropped, oldest first, past the maximum waiting.
        var notificationsDropped: [String: Int] = [:]
        /// Journal entries PostgreSQL refused for their data (SQLSTATE class 22), newest last, bounded.
        var setAside: [SetAside] = []
    }

    /// How much alert state a rule may make the server hold (names and subjects come from agents).
    public struct Limits: Sendable, Hashable {
        public var pairsPerRule = 100_000
        public var pendingNotificationsPerRule = 1_000

        public init(pairsPerRule: Int = 100_000, pendingNotificationsPerRule: Int = 1_000) {
            self.pairsPerRule = pairsPerRule
            self.pendingNotificationsPerRule = pendingNotificationsPerRule
        }
    }

    /// A journal entry the database refused for its data: never retried (it would block every later write),
    /// logged and shown on /alerts.
    public struct SetAside: Sendable, Hashable {
        public var entry: String
        public var error: String
        public var atMilliseconds: Int64
    }

    package static let setAsideKept = 100

    /// How the database is doing, for the banner.
    public struct DatabaseStatus: Sendable, Hashable {
        public var lastError: String?
        public var failingSinceMilliseconds: Int64?
    }

    package static let recentLimit = 1000
    package static let deliveredKept = 50
    package static let failedKept = 200

    public init(
        store: AlertDatabase?,
        configuredChannels: [String],
        absence: Duration = .seconds(60),
        limits: Limits = Limits()
    ) {
        self.store = store
        self.configuredChannels = configuredChannels
        self.absenceMilliseconds = absence.components.seconds * 1000
        var initial = State()
        initial.loaded = store == nil
        initial.limits = limits
        self.state = Mutex(initial)
    }

    public var isPersistent: Bool { self.store != nil }

    package static func newID() -> String { UUID().uuidString.lowercased() }

    /// Resumes from what the database holds (after a restart): rules, pair states with their open alerts, and
    /// undelivered notifications. Firing pairs keep firing until fresh data says otherwise, so nothing already
    /// sent is sent again.
    public func load(_ contents: AlertStoreContents, now: Int64) {
        self.state.withLock { state in
            state.rules = contents.rules
            state.firing = Dictionary(contents.firingAlerts.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
            state.pairs = [:]
            for stored in contents.pairs {
                state.pairs[PairKey(ruleID: stored.ruleID, subjectKey: stored.subject.key)] = Pair(
                    subject: stored.subject,
                    state: stored.state,
                    alertID: stored.alertID,
                    lastSeenMilliseconds: now
                )
            }
            // Loaded notifications go first: they were created before anything this run adds.
            let loadedIDs = Set(contents.openNotifications.map(\.id))
            state.outbox = contents.openNotifications + state.outbox.filter { !loadedIDs.contains($0.id) }
            state.loaded = true
        }
    }

    public var isLoaded: Bool { self.state.withLock { $0.loaded } }

    // MARK: Journal

    /// The oldest journal entries, up to `limit`, without removing them.
    package func journalHead(limit: Int) -> [JournalEntry] {
        self.state.withLock { Array($0.journal.prefix(limit)) }
    }

    /// The first `count` entries were written.
    package func journalWritten(_ count: Int) {
        self.state.withLock { state in
            state.journal.removeFirst(min(count, state.journal.count))
            state.database = .init()
        }
    }

    package func databaseFailed(_ message: String, now: Int64) {
        self.state.withLock { state in
            state.database.lastError = message
            state.database.failingSinceMilliseconds = state.database.failingSinceMilliseconds ?? now
        }
    }

    package func databaseHealthy() {
        self.state.withLock { $0.database = .init() }
    }

    /// The journal's first entry was refused by the database for its data: it leaves the journal (so that
    /// later writes go on) and is kept among the set-aside entries with the error.
    package func setAsideHead(error: String, now: Int64) {
        self.state.withLock { state in
            guard let entry = state.journal.first else { return }
            state.journal.removeFirst()
            state.setAside.append(SetAside(entry: "\(entry)", error: error, atMilliseconds: now))
            if state.setAside.count > Self.setAsideKept { state.setAside.removeFirst() }
        }
    }
}

extension AlertCenter.State {
    /// Appends to the journal when there is a database to write it to.
    package mutating func journal(_ entry: JournalEntry, persistent: Bool) {
        if persistent { self.journal.append(entry) }
    }
}
