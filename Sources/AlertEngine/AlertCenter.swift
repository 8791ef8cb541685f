public import AlertStore
public import Alerting
package import Synchronization

/// The server's alerting service: the ``AlertBook`` (rules, pair states, firing alerts, outbox, journal)
/// behind one lock, the database it is journaled to, and the channels configured.
///
/// Evaluation, dismissals and deliveries change the book first and append idempotent journal entries; the
/// ``AlertPersistenceService`` writes the journal in batches and keeps it while the database is down, so a
/// database outage loses nothing and stops nothing but rule edits (which are written through, and refused
/// with a clear message when they cannot be). Without a database (`store == nil`) nothing is journaled and the
/// UI says rules will not survive a restart.
///
/// With replicas sharing the database, only the one that leads (``AlertLeadership``, decided by the
/// ``LeaderElectionService``) evaluates, delivers and journals; the others show the database's state.
public final class AlertCenter: Sendable {
    public typealias Limits = AlertBook.Limits
    public typealias SetAside = AlertBook.SetAside
    public typealias DatabaseStatus = AlertBook.DatabaseStatus
    public typealias RuleCounts = AlertBook.RuleCounts

    public let store: AlertDatabase?
    /// Channels with a destination configured (`discord`, `webhook`): the default for rules that name none.
    public let configuredChannels: [String]
    /// The rules a fresh install starts with (``DefaultRules``; the server's `--no-default-rules` leaves none).
    public let defaultRules: [AlertRule]
    package let state: Mutex<AlertBook>
    /// Who leads alerting (``AlertLeadership``); apart from the book, so pages read it without its lock.
    package let lead: Mutex<AlertLeadership>

    public init(
        store: AlertDatabase?,
        configuredChannels: [String],
        absence: Duration = .seconds(60),
        limits: Limits = Limits(),
        defaultRules: [AlertRule] = [],
        replica: String? = nil
    ) {
        self.defaultRules = defaultRules
        self.store = store
        self.configuredChannels = configuredChannels
        var book = AlertBook(
            persistent: store != nil,
            absenceMilliseconds: absence.components.seconds * 1000,
            limits: limits
        )
        // Without a database every start is a fresh install: the default rules, again (a database keeps them).
        if store == nil {
            for rule in defaultRules { book.add(rule) }
        }
        self.state = Mutex(book)
        // A replica name with a database: elected (``LeaderElectionService``), evaluating nothing until it leads.
        let elected = store != nil && replica != nil
        self.lead = Mutex(AlertLeadership(role: elected ? .starting : .alone, replica: replica ?? ""))
    }

    public var isPersistent: Bool { self.store != nil }

    /// Resumes from what the database holds (after a restart); see ``AlertBook/load(_:now:)``.
    public func load(_ contents: AlertStoreContents, now: Int64) {
        self.state.withLock { $0.load(contents, now: now) }
    }

    public var isLoaded: Bool { self.state.withLock { $0.loaded } }

    // MARK: Journal

    /// The oldest journal entries, up to `limit`, without removing them.
    package func journalHead(limit: Int) -> [JournalEntry] {
        self.state.withLock { Array($0.journal.prefix(limit)) }
    }

    /// The first `count` entries were written.
    package func journalWritten(_ count: Int) {
        self.state.withLock { $0.journalWritten(count) }
    }

    package func databaseFailed(_ message: String, now: Int64) {
        self.state.withLock { $0.databaseFailed(message, now: now) }
    }

    package func databaseHealthy() {
        self.state.withLock { $0.databaseHealthy() }
    }

    /// The journal's first entry was refused by the database for its data; see ``AlertBook/setAsideHead(error:now:)``.
    package func setAsideHead(error: String, now: Int64) {
        self.state.withLock { $0.setAsideHead(error: error, now: now) }
    }
}
