public import Alerting
import Postgres

/// A journal write refused because another replica claimed the lead since this one's term began.
public struct LeadershipLost: Error, Sendable, CustomStringConvertible {
    public var term: Int64
    public var current: Int64?

    public var description: String {
        "alerting is led by another replica now (term \(self.current.map(String.init) ?? "unknown"), this one's was \(self.term))"
    }
}

extension AlertDatabase {
    /// The channel replicas `LISTEN` on: `rules` after a rule edit, `actions` after a forwarded action.
    public static let channel = "podwatch_alerting"

    static func announceRules(_ session: PostgresSession) throws {
        try session.query("SELECT pg_notify($1, 'rules')", [Self.channel])
    }

    /// The rules alone (the leader re-reads them when a replica announces an edit).
    public func rules() async throws -> [AlertRule] {
        try await self.connection.run { session in
            try session.query("SELECT definition FROM alert_rules ORDER BY created_ms, id").rows.map {
                try Coding.decode(AlertRule.self, $0[0])
            }
        }
    }

    /// Asks the leader to dismiss an alert (from a replica that does not lead); it applies it within a beat.
    public func requestDismiss(alertID: String, replica: String, now: Int64) async throws {
        _ = try await self.connection.run { session in
            try session.transaction {
                try session.query(
                    "INSERT INTO alert_actions (alert_id, action, requested_ms, replica) VALUES ($1, 'dismiss', $2, $3)",
                    [alertID, String(now), replica]
                )
                try session.query("SELECT pg_notify($1, 'actions')", [Self.channel])
            }
        }
    }

    /// Forwarded actions not yet applied, oldest first (at most `limit`).
    public func pendingActions(limit: Int = 1000) async throws -> [AlertAction] {
        try await self.connection.run { session in
            try session.query(
                "SELECT id, alert_id, action, requested_ms FROM alert_actions ORDER BY id LIMIT $1",
                [String(limit)]
            ).rows.compactMap { row in
                guard let id = row[0].flatMap({ Int64($0) }), let alertID = row[1],
                    let kind = row[2].flatMap(AlertAction.Kind.init(rawValue:))
                else { return nil }
                return AlertAction(
                    id: id,
                    alertID: alertID,
                    kind: kind,
                    requestedMilliseconds: row[3].flatMap { Int64($0) } ?? 0
                )
            }
        }
    }

    /// The leadership row; nil before the migration ran.
    public func leader() async throws -> LeaderRecord? {
        try await self.connection.run { session in
            try LeaderRecord.read(session)
        }
    }
}

extension LeaderRecord {
    static func read(_ session: PostgresSession) throws -> LeaderRecord? {
        guard
            let row = try session.query("SELECT term, holder, since_ms FROM alert_leadership WHERE id = 1").rows.first,
            let term = row[0].flatMap({ Int64($0) })
        else { return nil }
        return LeaderRecord(term: term, holder: row[1] ?? "", sinceMilliseconds: row[2].flatMap { Int64($0) } ?? 0)
    }
}
