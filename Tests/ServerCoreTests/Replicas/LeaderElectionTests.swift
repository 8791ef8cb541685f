import AlertEngine
import Alerting
import Foundation
import PostgresTesting
import ServerCore
import ServerTesting
import Testing
import Wire

/// Two replicas of the server on one real PostgreSQL, fed the same node: one leads (evaluates, notifies), the other
/// says who leads; a rule and a dismissal asked of the follower take effect through the leader; the leader stopping
/// hands the lead over with the firing alert intact and not notified again. Without a database a server says it
/// evaluates alone.
@Suite(.serialized) struct LeaderElectionTests {
    static func replica(_ name: String, _ database: TestPostgres, _ receiver: Receiver) async throws -> TestServer {
        try await TestServer {
            $0.databaseURL = database.conninfo
            $0.replicaName = name
            $0.notificationTargets = NotificationTargets(discordWebhook: receiver.url)
            $0.evaluationInterval = .milliseconds(100)
        }
    }

    /// Node alpha's load, to every replica, until cancelled.
    static func feed(_ replicas: [TestServer], load: Double) -> Task<Void, any Error> {
        Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for replica in replicas {
                    group.addTask {
                        try await RawClient.session(port: replica.ingestPort) { client in
                            try await client.send(RawClient.hello(node: "alpha", token: "t0ken"))
                            while !Task.isCancelled {
                                try await client.send(.snapshot(IngestTests.snapshot(node: "alpha", load: load)))
                                try await Task.sleep(for: .milliseconds(100))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func oneLeadsTheOtherForwardsAndTakesOver() async throws {
        let database = try await TestPostgres()
        let receiver = try await Receiver()
        let a = try await Self.replica("replica-a", database, receiver)
        try await a.eventually("a leads") { a.server.alerts.leadership.role == .leader }
        let b = try await Self.replica("replica-b", database, receiver)
        try await b.eventually("b follows a") {
            b.server.alerts.leadership.role == .follower && b.server.alerts.leadership.leader?.holder == "replica-a"
        }
        let page = try await b.get("/alerts")
        #expect(page.body.contains("Alerting is led by replica replica-a"))
        let status = try await b.get("/api/v1/server")
        #expect(status.body.contains(#""role":"follower""#) && status.body.contains(#""leader":"replica-a""#))
        // Prometheus can check that exactly one replica alerts.
        try await a.eventually("the leader's gauge") {
            try await a.get("/metrics").body.contains("podwatch_alerting_leading 1")
        }
        try await b.eventually("the follower's gauge") {
            try await b.get("/metrics").body.contains("podwatch_alerting_leading 0")
        }
        let feeding = Self.feed([a, b], load: 0.9)

        // A rule created through the follower: the leader takes it up and it fires, once.
        let created = try await b.request(
            "POST",
            "/api/v1/rules",
            body:
                #"{"name":"busy","target":{"kind":"node","node":"alpha"},"metric":"node.load1","operator":">=","threshold":0.8,"for_seconds":0,"channels":["discord"]}"#
        )
        #expect(created.status == 201)
        try await a.eventually("the leader notified") { receiver.bodies.count == 1 }
        let firing = try #require(a.server.alerts.alerts(firing: true, resolved: false).first)
        // The follower evaluated nothing: it shows the leader's alert, from the database.
        try await b.eventually("the follower shows the leader's alert") {
            b.server.alerts.alerts(firing: true, resolved: false).map(\.id) == [firing.id]
        }

        // The leader stops: the follower leads, the alert keeps firing, nothing is notified again.
        await a.stop()
        try await b.eventually("b leads", timeout: .seconds(10)) { b.server.alerts.leadership.role == .leader }
        try await Task.sleep(for: .seconds(1))
        #expect(b.server.alerts.alerts(firing: true, resolved: false).map(\.id) == [firing.id])
        #expect(receiver.bodies.count == 1)

        // A replica that returns follows, and a dismissal asked of it is applied by the leader.
        let c = try await Self.replica("replica-a", database, receiver)
        try await c.eventually("a follows b") { c.server.alerts.leadership.role == .follower }
        try await c.eventually("a shows the alert") { c.server.alerts.alert(id: firing.id) != nil }
        let dismissed = try await c.request("POST", "/api/v1/alerts/\(firing.id)/dismiss")
        #expect(dismissed.status == 202)
        try await b.eventually("the leader applied the dismissal") {
            b.server.alerts.alerts(firing: true, resolved: false).isEmpty
        }
        try await b.eventually("the dismissal notified once") { receiver.bodies.count == 2 }
        feeding.cancel()
        _ = try? await feeding.value
        await b.stop()
        await c.stop()
    }

    @Test func withoutADatabaseAReplicaSaysItEvaluatesAlone() async throws {
        let server = try await TestServer { $0.replicaName = "lonely" }
        #expect(server.server.alerts.leadership.role == .alone)
        let page = try await server.get("/alerts")
        #expect(page.body.contains("evaluates alerts alone: without a database there is no leader election"))
        await server.stop()
    }
}
