import AlertEngine
import AlertStore
import Alerting
import Foundation
import Postgres
import PostgresTesting
import ServerCore
import ServerTesting
import Testing
import Wire

/// A real server with a real PostgreSQL and a local receiver standing in for Discord, fed over the ingest port:
/// a rule fires and notifies once, survives a server restart without a second notification, stays quiet after
/// a dismiss, and nothing is lost while PostgreSQL is stopped and restarted.
@Suite(.serialized) struct AlertEndToEndTests {
    static func server(_ database: TestPostgres, _ receiver: Receiver) async throws -> TestServer {
        let server = try await TestServer {
            $0.databaseURL = database.conninfo
            $0.notificationTargets = NotificationTargets(discordWebhook: receiver.url)
            $0.evaluationInterval = .milliseconds(100)
            $0.deliveryBackoff = .milliseconds(50)
        }
        try await server.eventually("alert state loaded") { server.server.alerts.isLoaded }
        return server
    }

    /// Sends snapshots of node alpha with `load` for `duration` (evaluations run meanwhile).
    static func report(_ server: TestServer, load: Double, for duration: Duration = .seconds(1)) async throws {
        try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "alpha", token: "t0ken"))
            let end = ContinuousClock.now + duration
            while ContinuousClock.now < end {
                try await client.send(.snapshot(IngestTests.snapshot(load: load)))
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    static func kinds(_ receiver: Receiver) -> [String] {
        receiver.messages.compactMap { message in
            ((message["embeds"] as? [[String: Any]])?.first?["title"] as? String)?.split(separator: ":").first.map(
                String.init
            )
        }
    }

    @Test func firesOnceSurvivesARestartAndStaysQuietAfterADismiss() async throws {
        let database = try await TestPostgres()
        let receiver = try await Receiver()
        var server = try await Self.server(database, receiver)
        let created = try await server.request(
            "POST",
            "/api/v1/rules",
            body:
                #"{"name":"busy","target":{"kind":"node","node":"alpha"},"metric":"node.load1","operator":">=","threshold":0.8,"resolve_threshold":0.5,"for_seconds":0,"channels":["discord"]}"#
        )
        #expect(created.status == 201)
        try await Self.report(server, load: 0.9)
        try await server.eventually("notified") { receiver.bodies.count == 1 }
        let firing = try #require(server.server.alerts.alerts(firing: true, resolved: false).first)
        #expect(try await server.request("GET", "/").body.contains("badge alert-warning"))

        await server.stop()  // graceful: the journal is flushed
        server = try await Self.server(database, receiver)
        #expect(server.server.alerts.alerts(firing: true, resolved: false).map(\.id) == [firing.id])
        try await Self.report(server, load: 0.95, for: .seconds(2))
        #expect(Self.kinds(receiver) == ["FIRING"])  // no second notification after the restart

        let dismissed = try await server.request("POST", "/api/v1/alerts/\(firing.id)/dismiss")
        #expect(dismissed.status == 200 && dismissed.body.contains(#""dismissed":true"#))
        try await Self.report(server, load: 0.95, for: .seconds(2))
        try await server.eventually("dismissal sent") { receiver.bodies.count == 2 }
        #expect(Self.kinds(receiver) == ["FIRING", "DISMISSED"])
        #expect(server.server.alerts.alerts(firing: true, resolved: false).isEmpty)

        let history = try await server.request("GET", "/api/v1/alerts/history?window=1h")
        #expect(history.body.contains(firing.id) && history.body.contains(#""total":1"#))
        let page = try await server.request("GET", "/alerts?window=1h")
        #expect(page.body.contains("busy") && !page.body.contains("s3cr3t") && page.body.contains("http://127.0.0.1"))
        await server.stop()
        await receiver.stop()
    }

    @Test func postgresStoppedMidRunLosesNothing() async throws {
        let database = try await TestPostgres()
        let receiver = try await Receiver()
        let server = try await Self.server(database, receiver)
        let created = try await server.request(
            "POST",
            "/api/v1/rules",
            body:
                #"{"name":"busy","target":{"kind":"node","node":"*"},"metric":"node.load1","operator":">","threshold":0.8,"for_seconds":0,"channels":["discord"]}"#
        )
        #expect(created.status == 201)

        await database.stop()
        let refused = try await server.request(
            "POST",
            "/api/v1/rules",
            body:
                #"{"name":"other","target":{"kind":"node","node":"*"},"metric":"node.load1","operator":">","threshold":5}"#
        )
        #expect(refused.status == 503 && refused.body.contains("not saved"))
        // Evaluation and delivery go on without the database: fire, resolve, fire again.
        try await Self.report(server, load: 0.9)
        try await Self.report(server, load: 0.1)
        try await Self.report(server, load: 0.9)
        try await server.eventually("three notifications") { receiver.bodies.count == 3 }
        #expect(Self.kinds(receiver) == ["FIRING", "RESOLVED", "FIRING"])
        let page = try await server.request("GET", "/alerts")
        #expect(page.status == 200 && page.body.contains("Database unavailable since"))

        try await database.start()
        try await server.eventually("journal written", timeout: .seconds(20)) {
            server.server.alerts.overview().journalBacklog == 0
        }
        let store = AlertDatabase(connection: PostgresConnection(conninfo: database.conninfo))
        let stored = try await store.history(sinceMilliseconds: 0, untilMilliseconds: .max, limit: 10, offset: 0)
        #expect(stored.total == 2)
        #expect(stored.alerts.map(\.state) == [.firing, .resolved])
        let contents = try await store.load()
        #expect(contents.rules.map(\.name) == ["busy"])
        #expect(contents.pairs.map(\.state.phase) == [.firing])
        try await server.eventually("outbox rows delivered") {
            try await store.load().openNotifications.isEmpty
        }
        await server.stop()
        await receiver.stop()
    }
}
