public import Alerting
import Synchronization

extension AlertCenter {
    /// The metrics enabled rules use (evaluation computes only these).
    public var metricsInUse: Set<String> {
        self.state.withLock { $0.metricsInUse }
    }

    /// One evaluation of every enabled rule against current samples: bookkeeping under the lock, no I/O.
    public func evaluate(_ samples: [AlertSample], now: Int64) {
        self.state.withLock { $0.evaluate(samples, now: now) }
    }

    /// Dismiss (acknowledge) a firing alert; see ``AlertBook/dismiss(alertID:now:)``. nil = no such alert known.
    public func dismiss(alertID: String, now: Int64) -> Alert? {
        self.state.withLock { $0.dismiss(alertID: alertID, now: now) }
    }
}
