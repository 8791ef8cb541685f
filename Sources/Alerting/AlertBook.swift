import Foundation

/// The alert bookkeeping as one value: rules, the state of every (rule, subject) pair, firing and recent alerts,
/// the notification outbox and the journal of changes still to persist.
///
/// Every change is a mutating method with no I/O and no clock of its own (callers pass `now`), so the service
/// around it (AlertEngine's `AlertCenter`) only holds it behind a lock, writes its journal to PostgreSQL and
/// delivers its outbox; and tests drive it step by step.
public struct AlertBook: Sendable {
    /// Whether changes are journaled (false without a database: nothing would write them).
    public let persistent: Bool
    /// A subject not reported for this long resolves its alerts ("no longer reported").
    public let absenceMilliseconds: Int64

    /// False until the database's rules and states are loaded (evaluation waits; no rule edits).
    public internal(set) var loaded: Bool
    public var rules: [AlertRule] = []
    public internal(set) var pairs: [PairKey: Pair] = [:]
    public internal(set) var firing: [String: Alert] = [:]
    /// Resolved alerts, oldest first, bounded: the history without a database, "recent" with one.
    public internal(set) var recent: [Alert] = []
    /// Pending and failed notifications, and the last delivered ones (for the UI).
    public internal(set) var outbox: [AlertNotification] = []
    public internal(set) var journal: [JournalEntry] = []
    public internal(set) var database = DatabaseStatus()
    public let limits: Limits
    /// Per rule: subjects not tracked because the rule held its maximum of pairs.
    public internal(set) var pairsRefused: [String: Int] = [:]
    /// Per rule: pending notifications dropped, oldest first, past the maximum waiting.
    public internal(set) var notificationsDropped: [String: Int] = [:]
    /// Journal entries PostgreSQL refused for their data (SQLSTATE class 22), newest last, bounded.
    public internal(set) var setAside: [SetAside] = []
    /// Per notification lane (rule, channel, group): when its last message was delivered (group interval).
    public internal(set) var groupsSent: [String: Int64] = [:]
    /// False on a replica that does not lead alerting: its book is a view of the database (reloaded), and
    /// what it changes locally (a rule edit's resolutions) the leader journals.
    public var journaling = true
    /// Rules that queued notifications since their maximum of waiting ones was last enforced.
    var notifiedRules: Set<String> = []
    /// What /alerts shows of the firing alerts and pair states, computed once per change (``refreshSummary()``)
    /// rather than on each request: in a storm every page poll would walk tens of thousands.
    public internal(set) var summary = Summary()

    public struct Summary: Sendable {
        public var counts: [String: RuleCounts] = [:]
        public var firingGroups: [FiringGroup] = []
        public static let worstShown = 5
    }

    public static let recentLimit = 1000
    public static let deliveredKept = 50
    public static let failedKept = 200
    public static let setAsideKept = 100

    public init(persistent: Bool, absenceMilliseconds: Int64, limits: Limits = Limits()) {
        self.persistent = persistent
        self.absenceMilliseconds = absenceMilliseconds
        self.limits = limits
        self.loaded = !persistent
    }

    public struct PairKey: Hashable, Sendable {
        public var ruleID: String
        public var subjectKey: String
    }

    public struct Pair: Sendable {
        public var subject: AlertSubject
        public var state = AlertState()
        public var alertID: String?
        public var lastSeenMilliseconds: Int64
    }

    /// How much alert state a rule may make the server hold (names and subjects come from agents).
    public struct Limits: Sendable, Hashable {
        public var pairsPerRule = 100_000
        public var pendingNotificationsPerRule = 10_000

        public init(pairsPerRule: Int = 100_000, pendingNotificationsPerRule: Int = 10_000) {
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

    /// How the database is doing, for the banner.
    public struct DatabaseStatus: Sendable, Hashable {
        public var lastError: String?
        public var failingSinceMilliseconds: Int64?
    }

    /// A new alert or notification ID: random, so two servers never mint the same one.
    public static func newID() -> String { UUID().uuidString.lowercased() }

    /// Resumes from what the database holds (after a restart): rules, pair states with their open alerts, and
    /// undelivered notifications. Firing pairs keep firing until fresh data says otherwise, so nothing already
    /// sent is sent again.
    ///
    /// With `replacing`, whatever the book held is dropped first (a replica taking the lead, or refreshing its
    /// view of the leader's state); without, notifications queued before the load are kept after the loaded ones.
    public mutating func load(_ contents: AlertStoreContents, now: Int64, replacing: Bool = false) {
        if replacing {
            self.outbox = []
            self.journal = []
            self.groupsSent = [:]
        }
        self.rules = contents.rules
        self.firing = Dictionary(contents.firingAlerts.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        self.pairs = [:]
        for stored in contents.pairs {
            self.pairs[PairKey(ruleID: stored.ruleID, subjectKey: stored.subject.key)] = Pair(
                subject: stored.subject,
                state: stored.state,
                alertID: stored.alertID,
                lastSeenMilliseconds: now
            )
        }
        // Loaded notifications go first: they were created before anything this run adds.
        let loadedIDs = Set(contents.openNotifications.map(\.id))
        self.outbox = contents.openNotifications + self.outbox.filter { !loadedIDs.contains($0.id) }
        self.loaded = true
        self.refreshSummary()
    }

    /// Recomputes ``summary`` (after an evaluation, a dismissal, a rule change).
    mutating func refreshSummary() {
        self.summary = Summary(counts: self.ruleCounts, firingGroups: self.firingGroups(worst: Summary.worstShown))
    }

    // MARK: Journal

    /// Appends to the journal when there is a database to write it to and this replica writes it.
    mutating func record(_ entry: JournalEntry) {
        if self.persistent && self.journaling { self.journal.append(entry) }
    }

    /// The first `count` entries were written.
    public mutating func journalWritten(_ count: Int) {
        self.journal.removeFirst(min(count, self.journal.count))
        self.database = DatabaseStatus()
    }

    public mutating func databaseFailed(_ message: String, now: Int64) {
        self.database.lastError = message
        self.database.failingSinceMilliseconds = self.database.failingSinceMilliseconds ?? now
    }

    public mutating func databaseHealthy() {
        self.database = DatabaseStatus()
    }

    /// The journal's first entry was refused by the database for its data: it leaves the journal (so that
    /// later writes go on) and is kept among the set-aside entries with the error.
    public mutating func setAsideHead(error: String, now: Int64) {
        guard let entry = self.journal.first else { return }
        self.journal.removeFirst()
        self.setAside.append(SetAside(entry: "\(entry)", error: error, atMilliseconds: now))
        if self.setAside.count > Self.setAsideKept { self.setAside.removeFirst() }
    }
}
