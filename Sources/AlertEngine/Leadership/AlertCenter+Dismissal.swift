import AlertStore
public import Alerting

/// What became of a dismissal.
public enum DismissOutcome: Sendable {
    /// Applied here (this replica leads, or evaluates alone): the alert as it is now.
    case dismissed(Alert)
    /// Forwarded through the database to the replica that leads; it applies it within a beat.
    case forwarded(Alert, leader: String)
}

extension AlertCenter {
    /// Dismisses an alert through whichever replica is asked: applied here when this one acts, else written to
    /// the database for the leader (``AlertDatabase/requestDismiss(alertID:replica:now:)``).
    public func requestDismiss(alertID: String, now: Int64) async throws(AlertCenterError) -> DismissOutcome {
        let leadership = self.leadership
        if leadership.isActing {
            guard let alert = self.dismiss(alertID: alertID, now: now) else {
                throw .notFound("No alert with id \(alertID.prefix(40)) is known to this server.")
            }
            return .dismissed(alert)
        }
        guard let alert = self.alert(id: alertID), let store = self.store else {
            throw .notFound("No alert with id \(alertID.prefix(40)) is known to this server.")
        }
        do {
            try await store.requestDismiss(alertID: alert.id, replica: leadership.replica, now: now)
        } catch {
            throw .unavailable(
                "The alert was not dismissed: the database is unavailable (\(error)). Try again when it is back."
            )
        }
        return .forwarded(alert, leader: leadership.leader?.holder ?? "")
    }
}
