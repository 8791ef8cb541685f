/// A versioned schema change, applied once, in order, in its own transaction.
public struct Migration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies migrations at start. An advisory lock keeps two servers starting together from applying the same
/// migration twice; `schema_migrations` records what was applied and when.
public enum Migrator: Sendable {
    static let lockKey = "7077617463680001"  // "pwatch" + 1, any constant shared by all Podwatch servers

    /// Applies the migrations not yet applied; returns their versions.
    public static func apply(_ migrations: [Migration], on connection: PostgresConnection) async throws -> [Int] {
        let ordered = migrations.sorted { $0.version < $1.version }
        return try await connection.run { session in
            try session.query("SELECT pg_advisory_lock($1::bigint)", [String(Int64(Self.lockKey, radix: 16) ?? 1)])
            defer {
                _ = try? session.query(
                    "SELECT pg_advisory_unlock($1::bigint)",
                    [String(Int64(Self.lockKey, radix: 16) ?? 1)]
                )
            }
            try session.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            let done = Set(
                try session.query("SELECT version FROM schema_migrations").rows.compactMap {
                    $0.first.flatMap { $0 }.flatMap { Int($0) }
                }
            )
            var applied: [Int] = []
            for migration in ordered where !done.contains(migration.version) {
                try session.transaction {
                    try session.execute(script: migration.sql)
                    try session.query(
                        "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        [String(migration.version), migration.name]
                    )
                }
                applied.append(migration.version)
            }
            return applied
        }
    }
}
