import AlertStore
import Alerting
import Postgres
import PostgresTesting
import Testing

/// The alerting lead against a real PostgreSQL: one session holds the lock, terms fence journal writes, a dead
/// session loses the lock at once, and edits are announced to the leader.
@Suite struct LeaderLockTests {
    static func store(_ database: TestPostgres) async throws -> AlertDatabase {
        let store = AlertDatabase(connection: PostgresConnection(conninfo: database.conninfo))
        try await store.migrate()
        return store
    }

    @Test func oneSessionLeadsAndAnOldTermCannotWrite() async throws {
        let database = try await TestPostgres()
        let store = try await Self.store(database)
        let a = LeaderLock(conninfo: database.conninfo, replica: "replica-a")
        let b = LeaderLock(conninfo: database.conninfo, replica: "replica-b")
        let first = try await a.beat(heldBy: nil, listeningOn: nil)
        #expect(first.holding && first.acquired)
        #expect(first.leader == LeaderRecord(term: 0, holder: "", sinceMilliseconds: 0))
        let second = try await b.beat(heldBy: nil, listeningOn: nil)
        #expect(!second.holding && !second.acquired)
        // Holding it, a beat does not take it again (a session lock counts re-entries).
        let again = try await a.beat(heldBy: first.sessionPID, listeningOn: first.sessionPID)
        #expect(again.holding && !again.acquired && again.sessionPID == first.sessionPID)
        let termA = try await a.claim(now: 10)
        #expect(termA == LeaderRecord(term: 1, holder: "replica-a", sinceMilliseconds: 10))
        try await store.write([.actionDone(id: 1)], term: 1)
        #expect(try await b.beat(heldBy: nil, listeningOn: second.sessionPID).leader == termA)

        await a.release()
        let taken = try await b.beat(heldBy: nil, listeningOn: second.sessionPID)
        #expect(taken.holding && taken.acquired)
        let termB = try await b.claim(now: 20)
        #expect(termB.term == 2 && termB.holder == "replica-b")
        await #expect(throws: LeadershipLost.self) { try await store.write([.actionDone(id: 1)], term: 1) }
        try await store.write([.actionDone(id: 1)], term: 2)
        // The old leader, back on a new session, finds the lock held and cannot lead.
        let zombie = try await a.beat(heldBy: first.sessionPID, listeningOn: first.sessionPID)
        #expect(zombie.sessionPID != first.sessionPID && !zombie.holding)
        #expect(try await store.leader() == termB)
    }

    @Test func aSessionThatDiesTakesTheLockWithIt() async throws {
        let database = try await TestPostgres()
        _ = try await Self.store(database)
        let a = LeaderLock(conninfo: database.conninfo, replica: "a")
        let b = LeaderLock(conninfo: database.conninfo, replica: "b")
        let held = try await a.beat(heldBy: nil, listeningOn: nil)
        #expect(held.holding)
        #expect(try await b.beat(heldBy: nil, listeningOn: nil).holding == false)
        // What PostgreSQL does when the leader's process is killed: its backend ends.
        let admin = PostgresConnection(conninfo: database.conninfo)
        let ended = try await admin.run { session in
            try session.query("SELECT pg_terminate_backend($1::int4)", [String(held.sessionPID)]).rows.first?.first
        }
        #expect(ended == "t")
        var taken = false
        for _ in 0..<50 where !taken {
            taken = try await b.beat(heldBy: nil, listeningOn: nil).holding
            if !taken { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(taken)
    }

    @Test func ruleEditsAndForwardedActionsAreAnnounced() async throws {
        let database = try await TestPostgres()
        let store = try await Self.store(database)
        let lock = LeaderLock(conninfo: database.conninfo, replica: "a")
        let first = try await lock.beat(heldBy: nil, listeningOn: nil)
        _ = try await lock.claim(now: 1)
        let rule = AlertRule(
            id: "6f1c1a52-0000-4000-8000-0000000000a1",
            name: "cpu",
            target: .node("*"),
            metric: "node.cpu.busy_percent",
            comparison: .greater,
            threshold: 90
        )
        try await store.insert(rule, now: 2)
        var beat = try await lock.beat(heldBy: first.sessionPID, listeningOn: first.sessionPID)
        #expect(beat.notifications.map(\.payload) == ["rules"])
        #expect(beat.notifications.first?.channel == AlertDatabase.channel)
        #expect(try await store.rules() == [rule])

        let alertID = "6f1c1a52-0000-4000-8000-0000000000b1"
        try await store.requestDismiss(alertID: alertID, replica: "b", now: 3)
        beat = try await lock.beat(heldBy: first.sessionPID, listeningOn: first.sessionPID)
        #expect(beat.notifications.map(\.payload) == ["actions"])
        let actions = try await store.pendingActions()
        #expect(actions.map(\.alertID) == [alertID] && actions.map(\.kind) == [.dismiss])
        // Applied: removed in the leader's journal write.
        try await store.write(actions.map { .actionDone(id: $0.id) }, term: 1)
        #expect(try await store.pendingActions().isEmpty)
        // Nothing more was announced.
        #expect(try await lock.beat(heldBy: first.sessionPID, listeningOn: first.sessionPID).notifications.isEmpty)
    }
}
