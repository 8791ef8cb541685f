public import AlertStore
import Alerting
import Foundation
import Synchronization

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
    let absenceMilliseconds: Int64
    let state: Mutex<State>

    struct PairKey: Hashable {
        var ruleID: String
        var subjectKey: String
    }

    struct Pair {
        var subject: AlertSubject
        var state = AlertState()
        var alertID: String?
        var lastSeenMilliseconds: Int64
    }

    struct State {
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
    }

    /// How the database is doing, for the banner.
    public struct DatabaseStatus: Sendable, Hashable {
        public var lastError: String?
        public var failingSinceMilliseconds: Int64?
    }

    static let recentLimit = 1000
    static let deliveredKept = 50
    static let failedKept = 200

    public init(store: AlertDatabase?, configuredChannels: [String], absence: Duration = .seconds(60)) {
        self.store = store
        self.configuredChannels = configuredChannels
        self.absenceMilliseconds = absence.components.seconds * 1000
        var initial = State()
        initial.loaded = store == nil
        self.state = Mutex(initial)
    }

    public var isPersistent: Bool { self.store != nil }

    static func newID() -> String { UUID().uuidString.lowercased() }

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
    func journalHead(limit: Int) -> [JournalEntry] {
        self.state.withLock { Array($0.journal.prefix(limit)) }
    }

    /// The first `count` entries were written.
    func journalWritten(_ count: Int) {
        self.state.withLock { state in
            state.journal.removeFirst(min(count, state.journal.count))
            state.database = .init()
        }
    }

    func databaseFailed(_ message: String, now: Int64) {
        self.state.withLock { state in
            state.database.lastError = message
            state.database.failingSinceMilliseconds = state.database.failingSinceMilliseconds ?? now
        }
    }

    func databaseHealthy() {
        self.state.withLock { $0.database = .init() }
    }
}

extension AlertCenter.State {
    /// Appends to the journal when there is a database to write it to.
    mutating func journal(_ entry: JournalEntry, persistent: Bool) {
        if persistent { self.journal.append(entry) }
    }
}
