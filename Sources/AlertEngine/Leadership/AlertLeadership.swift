public import Alerting

/// Which replica evaluates rules and delivers notifications, as this replica knows it.
public struct AlertLeadership: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        /// No database (or no election configured): this replica evaluates, and nothing else could.
        case alone
        /// Loading from the database, or not yet through the first beat.
        case starting
        /// This replica holds the lock: it evaluates, delivers and journals.
        case leader
        /// Another replica leads (or nobody does, for the second until this one takes over): evaluates nothing.
        case follower
    }

    public var role: Role
    /// This replica's name (`--replica-name`; the pod's name in a cluster).
    public var replica: String
    /// This replica's term while it leads: every journal write checks it (``AlertDatabase/write(_:term:)``).
    public var term: Int64?
    /// What the leadership row said at the last beat.
    public var leader: LeaderRecord?
    /// The last beat's failure while the database is unreachable; nil when the last beat went through.
    public var lastError: String?

    public init(role: Role, replica: String) {
        self.role = role
        self.replica = replica
    }

    /// Whether this replica evaluates, delivers and journals.
    public var isActing: Bool { self.role == .alone || self.role == .leader }

    /// One line for the pages.
    public var summary: String {
        switch self.role {
        case .alone:
            "This replica evaluates alerts alone: without a database there is no leader election (run replicas with --database-url to share alerting)."
        case .starting:
            "Alerting starts once the database is loaded; until then this replica evaluates nothing."
        case .leader:
            "This replica (\(self.replica)) leads alerting"
                + (self.term.map { ", term \($0)" } ?? "")
                + (self.lastError == nil
                    ? "." : "; it cannot reach the database to confirm the lead and goes on alone.")
        case .follower:
            if let leader = self.leader, !leader.holder.isEmpty {
                "Alerting is led by replica \(leader.holder) (term \(leader.term)); this replica (\(self.replica)) evaluates nothing and takes over if it stops."
            } else {
                "No replica leads alerting yet; this replica (\(self.replica)) takes over within a second."
            }
        }
    }
}
