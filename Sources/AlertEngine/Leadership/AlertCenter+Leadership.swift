package import Alerting
import Synchronization

extension AlertCenter {
    /// Who leads alerting, as this replica knows it.
    public var leadership: AlertLeadership { self.lead.withLock { $0 } }

    /// Whether this replica evaluates, delivers and journals now.
    public var isActing: Bool { self.lead.withLock { $0.isActing } }

    /// The term journal writes are fenced with; nil without an election.
    package var journalTerm: Int64? { self.lead.withLock { $0.role == .leader ? $0.term : nil } }

    /// This replica took the lock and claimed `record`'s term: it resumes from `contents` (read after the
    /// claim), dropping whatever it held.
    package func lead(_ record: LeaderRecord, contents: AlertStoreContents, now: Int64) {
        self.state.withLock { book in
            book.journaling = true
            book.load(contents, now: now, replacing: true)
        }
        self.lead.withLock {
            $0.role = .leader
            $0.term = record.term
            $0.leader = record
            $0.lastError = nil
        }
    }

    /// Another replica leads (or the lock was lost): evaluate nothing, journal nothing, and show the
    /// database's state from now on. Returns whether this replica was leading.
    @discardableResult
    package func follow(_ leader: LeaderRecord?) -> Bool {
        let was = self.lead.withLock { lead in
            defer {
                lead.role = .follower
                lead.term = nil
                lead.leader = leader
                lead.lastError = nil
            }
            return lead.role == .leader
        }
        self.state.withLock { $0.stopJournaling() }
        return was
    }

    /// A beat went through (`leader` is the row) or failed (`error`).
    package func beat(leader: LeaderRecord?, error: String?) {
        self.lead.withLock { lead in
            lead.lastError = error
            if error == nil {
                lead.leader = leader
            }
        }
    }

    /// A replica that does not lead shows the database's rules, alerts and notifications.
    package func refreshView(_ contents: AlertStoreContents, now: Int64) {
        self.state.withLock { book in
            guard !book.journaling else { return }
            book.load(contents, now: now, replacing: true)
        }
    }

    /// The leader takes rule edits made through other replicas.
    package func syncRules(_ rules: [AlertRule], now: Int64) -> Bool {
        self.state.withLock { $0.syncRules(rules, now: now) }
    }

    /// The leader applies actions forwarded by other replicas.
    package func apply(_ actions: [AlertAction], now: Int64) {
        self.state.withLock { $0.apply(actions, now: now) }
    }
}
