/// One change to persist. The server applies changes in memory first and journals them; the journal is written
/// in order, in one transaction per batch, and every entry is an idempotent upsert — so a batch retried after
/// the database comes back writes the same rows once.
public enum JournalEntry: Sendable, Hashable {
    case alert(Alert)
    /// The state of one (rule, subject) pair; `.ok` deletes the row.
    case pair(ruleID: String, subject: AlertSubject, state: AlertState, alertID: String?)
    case notification(AlertNotification)
    /// A deleted rule's pair states.
    case clearPairs(ruleID: String)
    /// The folded stacks of the profile an alert's rule asked for, kept as long as the alert.
    case profileStacks(alertID: String, profileID: String, folded: [UInt8])
    /// A forwarded action (``AlertAction``) the leader applied: removed in the same transaction as its effects.
    case actionDone(id: Int64)
}

/// An action on an alert asked of a replica that does not lead alerting, kept in the database until the leader
/// applies it.
public struct AlertAction: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case dismiss
    }

    public var id: Int64
    public var alertID: String
    public var kind: Kind
    public var requestedMilliseconds: Int64

    public init(id: Int64, alertID: String, kind: Kind, requestedMilliseconds: Int64) {
        self.id = id
        self.alertID = alertID
        self.kind = kind
        self.requestedMilliseconds = requestedMilliseconds
    }
}

/// A persisted (rule, subject) state, as loaded at start for reconciliation.
public struct StoredPair: Sendable, Hashable {
    public var ruleID: String
    public var subject: AlertSubject
    public var state: AlertState
    public var alertID: String?

    public init(ruleID: String, subject: AlertSubject, state: AlertState, alertID: String?) {
        self.ruleID = ruleID
        self.subject = subject
        self.state = state
        self.alertID = alertID
    }
}

/// Everything the evaluator needs after a restart.
public struct AlertStoreContents: Sendable {
    public var rules: [AlertRule]
    public var pairs: [StoredPair]
    public var firingAlerts: [Alert]
    /// Notifications not yet delivered (pending) and recent failures (for the UI).
    public var openNotifications: [AlertNotification]

    public init(rules: [AlertRule], pairs: [StoredPair], firingAlerts: [Alert], openNotifications: [AlertNotification])
    {
        self.rules = rules
        self.pairs = pairs
        self.firingAlerts = firingAlerts
        self.openNotifications = openNotifications
    }
}
