public import Alerting
import Foundation
public import Postgres

/// Rules, alerts, pair states and the outbox in PostgreSQL. Every statement is parameterised; a batch of
/// journal entries is one transaction.
public struct AlertDatabase: Sendable {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Applies the schema migrations not yet applied; returns their versions.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await Migrator.apply(AlertSchema.migrations, on: self.connection)
    }

    /// Rules, persisted pair states, firing alerts and open notifications: what a restarted server resumes from.
    public func load() async throws -> AlertStoreContents {
        try await self.connection.run { session in
            let rules = try session.query("SELECT definition FROM alert_rules ORDER BY created_ms, id").rows.map {
                try Coding.decode(AlertRule.self, $0[0])
            }
            let pairs = try session.query(
                "SELECT rule_id, subject, phase, since_ms, value, last_notified_ms, alert_id FROM alert_pair_states"
            ).rows.map { row in
                var state = AlertState()
                state.phase = AlertPhase(rawValue: row[2] ?? "") ?? .ok
                state.sinceMilliseconds = row[3].flatMap { Int64($0) }
                state.value = row[4].flatMap { Double($0) }
                state.lastNotifiedMilliseconds = row[5].flatMap { Int64($0) }
                return StoredPair(
                    ruleID: row[0] ?? "",
                    subject: try Coding.decode(AlertSubject.self, row[1]),
                    state: state,
                    alertID: row[6]
                )
            }
            let firing = try session.query("\(AlertRows.select) WHERE state = 'firing' ORDER BY started_ms")
            let notifications = try session.query(
                "SELECT id, status, attempts, next_attempt_ms, last_error, created_ms, delivered_ms, channel, kind, event FROM notification_outbox WHERE status <> 'delivered' ORDER BY created_ms, id"
            ).rows.map(OutboxRows.notification)
            return AlertStoreContents(
                rules: rules,
                pairs: pairs,
                firingAlerts: try firing.rows.map(AlertRows.alert),
                openNotifications: notifications
            )
        }
    }

    /// Stores `rules` if this database has never been offered the default rules and holds no rule; either way it
    /// is not offered them again (a deleted default stays deleted). Returns whether they were stored.
    public func seedDefaultRules(_ rules: [AlertRule], now: Int64) async throws -> Bool {
        let definitions = try rules.map { try Coding.encode($0) }
        return try await self.connection.run { session in
            try session.transaction {
                let first =
                    try session.query(
                        "INSERT INTO alert_settings (name, set_ms) VALUES ('default_rules_offered', $1) ON CONFLICT DO NOTHING",
                        [String(now)]
                    ).affectedRows == 1
                let empty = try session.query("SELECT count(*) FROM alert_rules").rows.first?[0] == "0"
                guard first, empty, !rules.isEmpty else { return false }
                // One millisecond apart: rules load in creation order, and these keep the order they are listed in.
                for (index, (rule, definition)) in zip(rules, definitions).enumerated() {
                    _ = try session.query(
                        "INSERT INTO alert_rules (id, name, enabled, definition, created_ms, updated_ms) VALUES ($1, $2, $3, $4::jsonb, $5, $5)",
                        [rule.id, rule.name, rule.enabled ? "true" : "false", definition, String(now + Int64(index))]
                    )
                }
                return true
            }
        }
    }

    public func insert(_ rule: AlertRule, now: Int64) async throws {
        let definition = try Coding.encode(rule)
        _ = try await self.connection.run { session in
            try session.query(
                "INSERT INTO alert_rules (id, name, enabled, definition, created_ms, updated_ms) VALUES ($1, $2, $3, $4::jsonb, $5, $5)",
                [rule.id, rule.name, rule.enabled ? "true" : "false", definition, String(now)]
            )
            try Self.announceRules(session)
        }
    }

    /// Replaces a rule; false when it does not exist (deleted meanwhile).
    public func update(_ rule: AlertRule, now: Int64) async throws -> Bool {
        let definition = try Coding.encode(rule)
        return try await self.connection.run { session in
            let found =
                try session.query(
                    "UPDATE alert_rules SET name = $2, enabled = $3, definition = $4::jsonb, updated_ms = $5 WHERE id = $1",
                    [rule.id, rule.name, rule.enabled ? "true" : "false", definition, String(now)]
                ).affectedRows == 1
            try Self.announceRules(session)
            return found
        }
    }

    /// Deletes a rule; false when it did not exist. Its alerts stay in the history.
    public func delete(ruleID: String) async throws -> Bool {
        try await self.connection.run { session in
            let found = try session.query("DELETE FROM alert_rules WHERE id = $1", [ruleID]).affectedRows == 1
            try Self.announceRules(session)
            return found
        }
    }

    /// Writes journal entries in order, in one transaction. With `term` (a replica leading alerting), the
    /// transaction first share-locks the leadership row and checks that the term is still this one: a new
    /// leader's claim waits for the write to commit, or the write fails with ``LeadershipLost`` — never both
    /// leaders' changes interleaved.
    public func write(_ entries: [JournalEntry], term: Int64? = nil) async throws {
        let statements = try entries.map(JournalStatements.statement)
        try await self.connection.run { session in
            try session.transaction {
                if let term {
                    let current = try session.query("SELECT term FROM alert_leadership WHERE id = 1 FOR SHARE")
                        .rows.first?.first.flatMap { $0 }.flatMap { Int64($0) }
                    guard current == term else { throw LeadershipLost(term: term, current: current) }
                }
                for (sql, parameters) in statements { try session.query(sql, parameters) }
            }
        }
    }

    /// One alert by id, resolved long ago or firing; nil when there is none.
    public func alert(id: String) async throws -> Alert? {
        guard UUIDText.isValid(id) else { return nil }
        return try await self.connection.run { session in
            try session.query("\(AlertRows.select) WHERE id = $1", [id]).rows.first.map(AlertRows.alert)
        }
    }

    /// The folded stacks of the profile taken when the alert fired; nil when none was stored.
    public func profileStacks(alertID: String) async throws -> [UInt8]? {
        guard UUIDText.isValid(alertID) else { return nil }
        return try await self.connection.run { session in
            try session.query("SELECT encode(folded, 'base64') FROM alert_profiles WHERE alert_id = $1", [alertID])
                .rows.first?.first.flatMap { $0 }.flatMap { Data(base64Encoded: $0, options: .ignoreUnknownCharacters) }
                .map { [UInt8]($0) }
        }
    }

    /// Alerts that started in [since, until), newest first, and how many there are in all.
    public func history(
        sinceMilliseconds: Int64,
        untilMilliseconds: Int64,
        limit: Int,
        offset: Int
    ) async throws -> (alerts: [Alert], total: Int) {
        let parameters = [String(sinceMilliseconds), String(untilMilliseconds)]
        return try await self.connection.run { session in
            let total =
                try session.query(
                    "SELECT count(*) FROM alerts WHERE started_ms >= $1 AND started_ms < $2",
                    parameters
                ).rows.first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0
            let rows = try session.query(
                "\(AlertRows.select) WHERE started_ms >= $1 AND started_ms < $2 ORDER BY started_ms DESC, id LIMIT $3 OFFSET $4",
                parameters + [String(limit), String(offset)]
            )
            return (try rows.rows.map(AlertRows.alert), total)
        }
    }
}

/// JSON columns.
enum Coding {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T {
        try JSONDecoder().decode(type, from: Data((text ?? "null").utf8))
    }
}
