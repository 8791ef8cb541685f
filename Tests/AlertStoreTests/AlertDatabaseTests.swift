import AlertStore
import Alerting
import Postgres
import PostgresTesting
import Testing

/// The alert tables against a real PostgreSQL the test starts itself.
@Suite struct AlertDatabaseTests {
    static func rule(_ id: String) -> AlertRule {
        AlertRule(
            id: id,
            name: "cpu '; DROP TABLE alerts; --",
            target: .pods(namespace: "shop", podPrefix: "api-"),
            metric: "pod.cpu.cores",
            comparison: .greater,
            threshold: 2,
            channels: ["discord"],
            discordMentions: ["<@&1>"]
        )
    }

    @Test func migrationsApplyOnceAndRulesRoundTrip() async throws {
        let database = try await TestPostgres()
        let store = AlertDatabase(connection: PostgresConnection(conninfo: database.conninfo))
        #expect(try await store.migrate() == [1, 2, 3, 4, 5])
        #expect(try await store.migrate() == [])
        let id = "6f1c1a52-0000-4000-8000-000000000001"
        try await store.insert(Self.rule(id), now: 1)
        var changed = Self.rule(id)
        changed.enabled = false
        #expect(try await store.update(changed, now: 2))
        #expect(try await store.load().rules == [changed])
        #expect(try await store.delete(ruleID: id))
        #expect(try await store.delete(ruleID: id) == false)
        #expect(try await store.update(changed, now: 3) == false)
    }

    @Test func keysStoredWithoutTheNodeAreRewrittenWithIt() async throws {
        let database = try await TestPostgres()
        let connection = PostgresConnection(conninfo: database.conninfo)
        _ = try await Migrator.apply([AlertSchema.migrations[0]], on: connection)
        let rule = "6f1c1a52-0000-4000-8000-000000000003"
        try await connection.run { session in
            for (key, subject) in [
                ("pod/shop/api-1", #"{"kind":"pod","node":"alpha","namespace":"shop","pod":"api-1","container":""}"#),
                (
                    "container/shop/api-1/app",
                    #"{"kind":"container","node":"alpha","namespace":"shop","pod":"api-1","container":"app"}"#
                ),
                ("node/alpha", #"{"kind":"node","node":"alpha","namespace":"","pod":"","container":""}"#),
            ] {
                try session.query(
                    "INSERT INTO alert_pair_states (rule_id, subject_key, subject, phase) VALUES ($1, $2, $3, 'firing')",
                    [rule, key, subject]
                )
            }
        }
        let store = AlertDatabase(connection: connection)
        #expect(try await store.migrate() == [2, 3, 4, 5])
        let keys = try await connection.run { session in
            try session.query("SELECT subject_key FROM alert_pair_states ORDER BY subject_key").rows.map { $0[0] }
        }
        #expect(keys == ["container/alpha/shop/api-1/app", "node/alpha", "pod/alpha/shop/api-1"])
        // What the server computes from the stored subject is the stored key.
        #expect(try await store.load().pairs.map(\.subject.key).sorted() == keys.compactMap { $0 })
    }

    @Test func journalBatchesAreIdempotentAndLoadBack() async throws {
        let database = try await TestPostgres()
        let store = AlertDatabase(connection: PostgresConnection(conninfo: database.conninfo))
        try await store.migrate()
        let rule = Self.rule("6f1c1a52-0000-4000-8000-000000000002")
        let subject = AlertSubject.pod(node: "alpha", namespace: "shop", pod: "api-1")
        var alert = Alert(
            id: "6f1c1a52-0000-4000-8000-0000000000a1",
            rule: rule,
            subject: subject,
            value: 3,
            startedMilliseconds: 10
        )
        var state = AlertState()
        state.phase = .firing
        state.sinceMilliseconds = 10
        state.lastNotifiedMilliseconds = 10
        let notification = AlertNotification(
            id: "6f1c1a52-0000-4000-8000-0000000000b1",
            channel: "discord",
            kind: .firing,
            event: AlertEvent(alert: alert, rule: rule, at: 10),
            now: 10
        )
        let batch: [JournalEntry] = [
            .alert(alert), .pair(ruleID: rule.id, subject: subject, state: state, alertID: alert.id),
            .notification(notification),
        ]
        try await store.write(batch)
        try await store.write(batch)  // a retried batch writes the same rows once
        var contents = try await store.load()
        #expect(contents.firingAlerts == [alert])
        #expect(contents.pairs == [StoredPair(ruleID: rule.id, subject: subject, state: state, alertID: alert.id)])
        #expect(contents.openNotifications == [notification])

        alert.state = .resolved
        alert.resolvedMilliseconds = 20
        alert.reason = "condition cleared"
        var delivered = notification
        delivered.status = .delivered
        delivered.deliveredMilliseconds = 11
        try await store.write([
            .alert(alert), .pair(ruleID: rule.id, subject: subject, state: AlertState(), alertID: nil),
            .notification(delivered),
        ])
        contents = try await store.load()
        #expect(contents.firingAlerts.isEmpty && contents.pairs.isEmpty && contents.openNotifications.isEmpty)
        let history = try await store.history(sinceMilliseconds: 0, untilMilliseconds: 100, limit: 10, offset: 0)
        #expect(history.total == 1 && history.alerts == [alert])
    }

    @Test func historyPagesNewestFirst() async throws {
        let database = try await TestPostgres()
        let store = AlertDatabase(connection: PostgresConnection(conninfo: database.conninfo))
        try await store.migrate()
        let rule = Self.rule("6f1c1a52-0000-4000-8000-000000000003")
        let alerts = (1...25).map { index in
            Alert(
                id: "6f1c1a52-0000-4000-8000-\(String(1000 + index).padded)",
                rule: rule,
                subject: .node("n\(index)"),
                value: Double(index),
                startedMilliseconds: Int64(index) * 1000
            )
        }
        try await store.write(alerts.map { .alert($0) })
        let first = try await store.history(sinceMilliseconds: 5000, untilMilliseconds: 25_000, limit: 10, offset: 0)
        #expect(first.total == 20)  // 5 s … 24 s
        #expect(first.alerts.map(\.startedMilliseconds) == (15...24).reversed().map { Int64($0) * 1000 })
        let last = try await store.history(sinceMilliseconds: 5000, untilMilliseconds: 25_000, limit: 10, offset: 10)
        #expect(last.alerts.map(\.startedMilliseconds).last == 5000)
    }
}

extension String {
    /// Twelve digits, zero-padded (UUID's last group).
    fileprivate var padded: String { String(repeating: "0", count: max(0, 12 - self.count)) + self }
}
