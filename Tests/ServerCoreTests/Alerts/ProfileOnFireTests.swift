import AlertEngine
import Alerting
import Foundation
import PostgresTesting
import ServerCore
import ServerTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A rule with `profile_on_fire_seconds` on a pod running a C program with a named hot function, end to end:
/// real cgroups, real perf, a real PostgreSQL, a local webhook receiver. The firing message links the alert
/// page and says a profile is coming; the alert keeps the top processes at fire time (the hot program first)
/// and, once done, the flame graph with the hot function; a follow-up links it; a restarted server keeps both.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root for cgroups and perf"))
struct ProfileOnFireTests {
    static let external = "https://podwatch.example.test"

    @Test func aFiringRuleProfilesThePodAndKeepsContextAndProfileAcrossARestart() async throws {
        let database = try await TestPostgres()
        let receiver = try await Receiver()
        let harness = try await ProfilingHarness(configureServer: {
            $0.databaseURL = database.conninfo
            $0.notificationTargets = NotificationTargets(webhook: receiver.url)
            $0.externalURL = NotificationLinks(base: Self.external + "/")
            $0.evaluationInterval = .milliseconds(500)
        })
        let server = harness.server
        try await server.eventually("rules loaded from the database") { server.server.alerts.isLoaded }
        let rule = """
            {"name":"burner hot","target":{"kind":"pods","namespace":"shop","pod_prefix":"burner-"},
             "metric":"pod.cpu.cores","operator":">","threshold":0.2,"for_seconds":0,"channels":["webhook"],
             "profile_on_fire_seconds":2}
            """
        let created = try await server.request("POST", "/api/v1/rules", body: rule)
        #expect(created.status == 201, "\(created.body)")

        // The firing message: the alert page's link, the hot program first, a profile being captured.
        try await server.eventually("the firing message", timeout: .seconds(60)) {
            receiver.messages.contains { Self.carried($0).contains { $0["kind"] as? String == "firing" } }
        }
        let firing = try #require(
            receiver.messages.flatMap(Self.carried).first { $0["kind"] as? String == "firing" }
        )
        let alertID = try #require(firing["alert_id"] as? String)
        #expect(firing["url"] as? String == "\(Self.external)/alerts/\(alertID)")
        let sentProcesses = firing["processes"] as? [[String: Any]] ?? []
        #expect((sentProcesses.first?["command"] as? String)?.contains("burner") == true, "\(sentProcesses)")
        #expect((firing["profile"] as? [String: Any])?["state"] as? String == "running", "\(firing)")

        // The profile finishes and comes back to the alert; a follow-up links the flame graph.
        try await server.eventually("the profile on the alert", timeout: .seconds(90)) {
            let alert = try await Self.alert(server, alertID)
            return Self.profileState(alert) == "done"
        }
        try await server.eventually("the follow-up message", timeout: .seconds(30)) {
            receiver.messages.flatMap(Self.carried).contains { $0["kind"] as? String == "profiled" }
        }
        let followUp = try #require(
            receiver.messages.flatMap(Self.carried).first { $0["kind"] as? String == "profiled" }
        )
        #expect(followUp["profile_url"] as? String == "\(Self.external)/alerts/\(alertID)/profile")

        try await Self.expectContextAndProfile(server, alertID)
        await harness.stop()

        // A restarted server (same database, no agent) still shows both.
        let restarted = try await TestServer { $0.databaseURL = database.conninfo }
        try await restarted.eventually("rules loaded again") { restarted.server.alerts.isLoaded }
        try await Self.expectContextAndProfile(restarted, alertID)
        await restarted.stop()
        await receiver.stop()
    }

    /// `/api/v1/alerts/{id}` and `/alerts/{id}` list the hot program first; `/alerts/{id}/profile` holds the
    /// hot function.
    static func expectContextAndProfile(_ server: TestServer, _ alertID: String) async throws {
        let alert = try await Self.alert(server, alertID)
        let context = try #require(alert["context"] as? [String: Any])
        let processes = try #require(context["processes"] as? [[String: Any]])
        #expect((processes.first?["command"] as? String)?.contains("burner") == true, "\(processes)")
        #expect(processes.first?["container"] as? String == "burner")
        #expect(context["ranked_by"] as? String == "cpu")
        #expect(Self.profileState(alert) == "done")
        let page = try await server.get("/alerts/\(alertID)")
        #expect(page.status == 200)
        #expect(page.body.contains("Top processes at fire time") && page.body.contains("burner"))
        #expect(page.body.contains("/alerts/\(alertID)/profile"))
        let flame = try await server.get("/alerts/\(alertID)/profile")
        #expect(flame.status == 200 && flame.body.contains("<svg"))
        #expect(flame.body.contains(ProfilingHarness.hotFunction))
        let folded = try await server.get("/alerts/\(alertID)/profile/folded")
        #expect(folded.body.contains(ProfilingHarness.hotFunction))
    }

    static func alert(_ server: TestServer, _ id: String) async throws -> [String: Any] {
        let (status, body) = try await server.get("/api/v1/alerts/\(id)")
        guard status == 200 else { throw TestFailure("GET /api/v1/alerts/\(id) answered \(status): \(body)") }
        return (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }

    static func profileState(_ alert: [String: Any]) -> String? {
        ((alert["context"] as? [String: Any])?["profile"] as? [String: Any])?["state"] as? String
    }

    /// The notifications a webhook message (version 2) carries.
    static func carried(_ message: [String: Any]) -> [[String: Any]] {
        message["notifications"] as? [[String: Any]] ?? []
    }
}
