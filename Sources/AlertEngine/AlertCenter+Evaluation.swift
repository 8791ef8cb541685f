public import Alerting
import Synchronization

extension AlertCenter {
    /// The metrics enabled rules use (evaluation computes only these).
    public var metricsInUse: Set<String> {
        self.state.withLock { $0.metricsInUse }
    }

    /// One evaluation of every enabled rule against current samples: bookkeeping under the lock, no I/O.
    /// Returns the alerts that fired.
    @discardableResult
    public func evaluate(
        _ samples: [AlertSample],
        now: Int64,
        context: AlertBook.ContextSource = { _, _ in nil }
    ) -> [Alert] {
        self.state.withLock { $0.evaluate(samples, now: now, context: context) }
    }

    /// Whether an enabled rule selects pods by label (evaluation gives pod samples their labels only then).
    public var labelsInUse: Bool { self.state.withLock { $0.labelsInUse } }

    /// Whether an enabled rule targets containers (evaluation collects container samples only then).
    public var containersInUse: Bool {
        self.state.withLock { book in
            book.rules.contains {
                guard $0.enabled, case .containers = $0.target else { return false }
                return true
            }
        }
    }

    /// An alert this server holds in memory (firing, or recently resolved).
    public func alert(id: String) -> Alert? {
        self.state.withLock { $0.alert(id: id) }
    }

    package var profilesRunning: [(alertID: String, profileID: String)] {
        self.state.withLock { $0.profilesRunning }
    }

    package func profileStarted(alertID: String, _ profile: AlertProfile) {
        self.state.withLock { $0.profileStarted(alertID: alertID, profile) }
    }

    package func profileFinished(alertID: String, _ profile: AlertProfile, folded: [UInt8], now: Int64) {
        self.state.withLock { $0.profileFinished(alertID: alertID, profile, folded: folded, now: now) }
    }

    /// Dismiss (acknowledge) a firing alert; see ``AlertBook/dismiss(alertID:now:)``. nil = no such alert known.
    public func dismiss(alertID: String, now: Int64) -> Alert? {
        self.state.withLock { $0.dismiss(alertID: alertID, now: now) }
    }
}
