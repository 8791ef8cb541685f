public import Alerting
public import Postgres

/// The lock whose holder leads alerting: a session-level PostgreSQL advisory lock on a connection of its own.
///
/// The lock lives exactly as long as the session: a leader killed outright loses it when its socket closes,
/// and one cut off from the database when PostgreSQL's keepalives (set short here: ~11 s) give up on it. A
/// session that was re-established holds nothing, which the changed backend PID shows. The same connection
/// `LISTEN`s for rule edits and forwarded actions (``AlertDatabase/channel``).
public final class LeaderLock: Sendable {
    let connection: PostgresConnection
    public let replica: String
    /// The two-key form (class, object): a space of its own, apart from the migrations' one-key lock.
    static let keys = ("1886348407", "1")  // "podw", 1

    public init(conninfo: String, replica: String) {
        self.replica = replica
        let name = String(
            String.UnicodeScalarView(
                replica.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }
            ).prefix(40)
        )
        self.connection = PostgresConnection(
            conninfo: conninfo,
            settings: [
                ("application_name", "podwatch leader lock \(name)"), ("connect_timeout", "5"),
                ("keepalives_idle", "5"), ("keepalives_interval", "2"), ("keepalives_count", "3"),
                (
                    "options",
                    "-c statement_timeout=5s -c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3"
                ),
            ]
        )
    }

    /// What one beat found.
    public struct Beat: Sendable {
        /// The session's backend PID (new after a reconnection).
        public var sessionPID: Int32
        /// Whether this session holds the lock now (it did, or this beat took it).
        public var holding: Bool
        /// Whether this beat took it.
        public var acquired: Bool
        public var leader: LeaderRecord?
        public var notifications: [PostgresNotification]
    }

    /// One beat: listens on a new session, tries the lock unless this session (`heldBy`) already holds it, and
    /// reads the leadership row and the notifications received.
    public func beat(heldBy: Int32?, listeningOn: Int32?) async throws -> Beat {
        try await self.connection.run { session in
            let pid = session.backendPID
            if pid != listeningOn {
                try session.query("LISTEN \(AlertDatabase.channel)")
            }
            var acquired = false
            if pid != heldBy {
                acquired =
                    try session.query("SELECT pg_try_advisory_lock($1::int4, $2::int4)", [Self.keys.0, Self.keys.1])
                    .rows.first?.first == "t"
            }
            let leader = try LeaderRecord.read(session)
            return Beat(
                sessionPID: pid,
                holding: acquired || pid == heldBy,
                acquired: acquired,
                leader: leader,
                notifications: session.notifications()
            )
        }
    }

    /// Starts a new term naming this replica (called holding the lock). The row's share lock in every journal
    /// write makes this wait for a previous leader's write in flight, and fails that leader's later ones.
    public func claim(now: Int64) async throws -> LeaderRecord {
        let replica = self.replica
        return try await self.connection.run { session in
            guard
                let row = try session.query(
                    "UPDATE alert_leadership SET term = term + 1, holder = $1, since_ms = $2 WHERE id = 1 RETURNING term",
                    [replica, String(now)]
                ).rows.first, let term = row[0].flatMap({ Int64($0) })
            else { throw PostgresError(.query, "the alert_leadership row is missing (run the migrations)") }
            return LeaderRecord(term: term, holder: replica, sinceMilliseconds: now)
        }
    }

    /// Lets the lock go at once (a graceful stop), so another replica need not wait for the session to end.
    public func release() async {
        _ = try? await self.connection.run { session in
            try session.query("SELECT pg_advisory_unlock_all()")
        }
        await self.connection.close()
    }
}
