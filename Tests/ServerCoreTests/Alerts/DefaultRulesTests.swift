import Alerting
import Foundation
import Postgres
import PostgresTesting
import ServerCore
import ServerTesting
import Testing

@testable import AlertEngine

/// A new install alerts on something without configuration: the default rules are created once on a fresh
/// database (real PostgreSQL), in their listed order, and a deleted default stays deleted across restarts; a
/// database that already holds rules gets none; without a database every start has them.
@Suite(.serialized) struct DefaultRulesTests {
    static func server(_ database: TestPostgres?) async throws -> TestServer {
        let server = try await TestServer {
            $0.databaseURL = database?.conninfo
            $0.defaultRules = true
        }
        try await server.eventually("alert state loaded") { server.server.alerts.isLoaded }
        return server
    }

    static let names = [
        "Node CPU above 80 %", "Node memory above 85 %", "Node filesystem above 90 %", "Node not ready",
        "Node memory pressure", "Node disk pressure", "Node PID pressure", "Node network unavailable",
        "Kubelet unhealthy",
    ]

    @Test func aFreshDatabaseGetsThemOnceAndADeletedOneStaysDeleted() async throws {
        let database = try await TestPostgres()
        var server = try await Self.server(database)
        #expect(server.server.alerts.rules.map(\.name) == Self.names)
        #expect(server.server.alerts.rules.allSatisfy { $0.problems.isEmpty && $0.enabled })
        let kubelet = try #require(server.server.alerts.rules.last)
        #expect(kubelet.metric == "node.kubelet.healthy" && kubelet.comparison == .less && kubelet.threshold == 1)
        let cpu = try #require(server.server.alerts.rules.first)
        try await server.server.alerts.deleteRule(id: cpu.id, now: 1)
        await server.stop()

        server = try await Self.server(database)
        #expect(server.server.alerts.rules.map(\.name) == Array(Self.names.dropFirst()))
        await server.stop()
    }

    @Test func aDatabaseWithRulesGetsNone() async throws {
        let database = try await TestPostgres()
        var server = try await TestServer { $0.databaseURL = database.conninfo }  // an install from before
        try await server.eventually("alert state loaded") { server.server.alerts.isLoaded }
        let created = try await server.request(
            "POST",
            "/api/v1/rules",
            body:
                #"{"name":"mine","target":{"kind":"node","node":"*"},"metric":"node.load1","operator":">","threshold":4}"#
        )
        #expect(created.status == 201)
        await server.stop()
        // Migration 3 ran with the first start; forget that the defaults were offered, as on an older schema.
        try await PostgresConnection(conninfo: database.conninfo).run { session in
            _ = try session.query("DELETE FROM alert_settings")
        }
        server = try await Self.server(database)
        #expect(server.server.alerts.rules.map(\.name) == ["mine"])
        await server.stop()
    }

    @Test func withoutADatabaseEveryStartHasThem() async throws {
        let server = try await Self.server(nil)
        #expect(server.server.alerts.rules.map(\.name) == Self.names)
        #expect(try await server.request("GET", "/alerts").body.contains("Kubelet unhealthy"))
        await server.stop()
    }
}
