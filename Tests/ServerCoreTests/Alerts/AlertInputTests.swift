import AlertEngine
import Foundation
import PostgresTesting
import ServerCore
import ServerTesting
import Testing

/// Hostile values in what this round added: alert ids in paths (PostgreSQL keeps them as uuid: anything else is
/// "not found", never a database error), the alerts page's `rule` and `page`, and the new rule fields.
@Suite struct AlertInputTests {
    @Test func oddAlertIDsAreNotFoundAndOddPagesAreClamped() async throws {
        let database = try await TestPostgres()
        let server = try await TestServer { $0.databaseURL = database.conninfo }
        try await server.eventually("rules loaded") { server.server.alerts.isLoaded }
        for id in ["not-a-uuid", String(repeating: "z", count: 36), "%00%01", String(repeating: "9", count: 5_000)] {
            #expect((try await server.get("/api/v1/alerts/\(id)")).status == 404, "\(id.prefix(20))")
            #expect((try await server.get("/alerts/\(id)")).status == 404)
            #expect((try await server.get("/alerts/\(id)/profile")).status == 404)
        }
        let unknown = UUID().uuidString.lowercased()
        let missing = try await server.get("/api/v1/alerts/\(unknown)")
        #expect(missing.status == 404 && missing.body.contains("No alert with id"))

        for page in ["-5", "0", "99999999999999999999", "NaN", "1e300"] {
            let (status, body) = try await server.get("/alerts?rule=%3Cscript%3Ex&page=\(page)")
            #expect(status == 200)
            #expect(body.contains("page 1 of 1") && !body.contains("<script>x"), "\(page)")
        }
        await server.stop()
    }

    @Test(arguments: [
        (#"{"profile_on_fire_seconds":1e300}"#, "profile_on_fire_seconds"),
        (#"{"profile_on_fire_seconds":-1}"#, "profile_on_fire_seconds must be"),
        (#"{"profile_on_fire_seconds":2.5}"#, "profile_on_fire_seconds"),
        (#"{"group_by":"\u0000cluster"}"#, "group_by"),
        (#"{"channels":["slack","pager"]}"#, "'pager' is not one of discord, webhook, slack"),
    ])
    func badRuleFieldsAreRefusedByName(field: String, message: String) async throws {
        let server = try await TestServer()
        let base =
            #"{"name":"x","target":{"kind":"pods","namespace":"shop"},"metric":"pod.cpu.cores","operator":">","threshold":1,"#
        let body = base + field.dropFirst()
        let answer = try await server.request("POST", "/api/v1/rules", body: body)
        #expect(answer.status == 400, "\(answer.body)")
        #expect(answer.body.contains(message), "\(answer.body)")
        await server.stop()
    }
}
