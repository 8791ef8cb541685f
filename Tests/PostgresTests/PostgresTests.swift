import Postgres
import PostgresTesting
import Testing

/// Against a real PostgreSQL the test starts itself.
@Suite(.serialized) struct PostgresTests {
    @Test func parameterisedStatementsKeepValuesAsData() async throws {
        let database = try await TestPostgres()
        let connection = PostgresConnection(conninfo: database.conninfo)
        let hostile = "x'); DROP TABLE notes; --"
        let result = try await connection.run { session in
            try session.query("CREATE TABLE notes (id serial PRIMARY KEY, body text, extra text)")
            try session.query("INSERT INTO notes (body, extra) VALUES ($1, $2)", [hostile, nil])
            return try session.query("SELECT body, extra FROM notes")
        }
        #expect(result.rows == [[hostile, nil]])
        #expect(result.value(0, "body") == hostile)
    }

    @Test func connectionsGetTimeoutsUnlessTheConninfoSaysOtherwise() async throws {
        let database = try await TestPostgres()
        func settings(_ conninfo: String) async throws -> [String?] {
            try await PostgresConnection(conninfo: conninfo).run { session in
                let result = try session.query(
                    "SELECT current_setting('statement_timeout') AS statement, (SELECT count(*) FROM pg_stat_activity WHERE pid = pg_backend_pid()) AS me"
                )
                return [result.value(0, "statement"), result.value(0, "me")]
            }
        }
        #expect(try await settings(database.conninfo) == ["30s", "1"])
        #expect(try await settings(database.conninfo + " options='-c statement_timeout=5s'") == ["5s", "1"])
        // A statement past the timeout is cancelled with a clear error, and the connection stays usable.
        let connection = PostgresConnection(conninfo: database.conninfo + " options='-c statement_timeout=200ms'")
        let error = await #expect(throws: PostgresError.self) {
            try await connection.run { session in try session.query("SELECT pg_sleep(5)") }
        }
        #expect(error?.sqlState == "57014")  // query_canceled
        #expect(try await connection.run { session in try session.query("SELECT 1 AS one").value(0, "one") } == "1")
    }

    @Test func aFailedTransactionLeavesNothingBehind() async throws {
        let database = try await TestPostgres()
        let connection = PostgresConnection(conninfo: database.conninfo)
        _ = try await connection.run { session in try session.query("CREATE TABLE t (v integer UNIQUE)") }
        let error = await #expect(throws: PostgresError.self) {
            try await connection.run { session in
                try session.transaction {
                    try session.query("INSERT INTO t VALUES (1)")
                    try session.query("INSERT INTO t VALUES (1)")
                }
            }
        }
        #expect(error?.kind == .query && error?.sqlState == "23505")
        let count = try await connection.run { session in try session.query("SELECT count(*) AS n FROM t") }
        #expect(count.value(0, "n") == "0")
    }

    @Test func syntaxErrorsAreClearAndTheConnectionStaysUsable() async throws {
        let database = try await TestPostgres()
        let connection = PostgresConnection(conninfo: database.conninfo)
        let error = await #expect(throws: PostgresError.self) {
            try await connection.run { session in try session.query("SELEKT 1") }
        }
        #expect(error?.sqlState == "42601" && error?.description.contains("syntax error") == true)
        let one = try await connection.run { session in try session.query("SELECT 1 AS one") }
        #expect(one.value(0, "one") == "1")
    }

    @Test func migrationsApplyOnceInOrder() async throws {
        let database = try await TestPostgres()
        let connection = PostgresConnection(conninfo: database.conninfo)
        let migrations = [
            Migration(version: 2, name: "add column", sql: "ALTER TABLE things ADD COLUMN size integer;"),
            Migration(
                version: 1,
                name: "create",
                sql: "CREATE TABLE things (id serial PRIMARY KEY); CREATE INDEX ON things (id);"
            ),
        ]
        #expect(try await Migrator.apply(migrations, on: connection) == [1, 2])
        #expect(try await Migrator.apply(migrations, on: connection) == [])
        let broken = migrations + [Migration(version: 3, name: "broken", sql: "ALTER TABLE nowhere ADD COLUMN x int;")]
        await #expect(throws: PostgresError.self) { try await Migrator.apply(broken, on: connection) }
        let recorded = try await connection.run { session in
            try session.query("SELECT version FROM schema_migrations ORDER BY version")
        }
        #expect(recorded.rows == [["1"], ["2"]])
    }

    @Test func aDatabaseThatGoesAwayIsAnErrorThenComesBack() async throws {
        let database = try await TestPostgres()
        let connection = PostgresConnection(conninfo: database.conninfo)
        _ = try await connection.run { session in try session.query("CREATE TABLE kept (v text)") }
        _ = try await connection.run { session in try session.query("INSERT INTO kept VALUES ($1)", ["before"]) }
        await database.stop()
        let error = await #expect(throws: PostgresError.self) {
            try await connection.run { session in try session.query("SELECT 1") }
        }
        #expect(error?.kind == .connection)
        #expect(!connection.isConnected)
        try await database.start()
        // The backoff allows a new attempt one second after the first failure.
        var rows: [[String?]] = []
        for _ in 0..<40 where rows.isEmpty {
            rows = (try? await connection.run { session in try session.query("SELECT v FROM kept") }.rows) ?? []
            if rows.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(rows == [["before"]])
        #expect(connection.isConnected)
    }
}
