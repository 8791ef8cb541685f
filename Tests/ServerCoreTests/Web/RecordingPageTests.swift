import Foundation
import ServerCore
import ServerTesting
import Testing

/// The recordings page: listed, started, stopped and deleted from the UI through CSRF-checked forms; a refused
/// start answers 400 with the reason; without --recordings-dir the page and the API say how to turn them on.
@Suite struct RecordingPageTests {
    @Test func startStopAndDeleteFromThePage() async throws {
        let directory = NSTemporaryDirectory() + "podwatch-recording-page-" + UUID().uuidString
        let server = try await TestServer { $0.recordingsDirectory = directory }
        let page = try await server.request("GET", "/recordings")
        #expect(page.status == 200)
        #expect(page.body.contains("No recordings yet.") && page.body.contains(#"action="/recordings""#))
        let cookie = try #require(page.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let csrf = String(cookie.dropFirst("podwatch_csrf=".count))
        let headers = ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"]

        let form =
            "csrf=\(csrf)&name=incident+%3Cb%3E&nodes=alpha%2C+beta&namespaces=&pods=&processes=on&duration_minutes=30"
        #expect(try await server.request("POST", "/recordings", body: form, headers: headers).status == 303)
        let listed = try await server.get("/recordings")
        #expect(listed.body.contains("incident &lt;b&gt;"))  // escaped, never markup
        #expect(listed.body.contains("nodes alpha, beta, with processes"))
        #expect(listed.body.contains(">Stop</button>"))
        let api = try #require(
            try JSONSerialization.jsonObject(with: Data(try await server.get("/api/v1/recordings").body.utf8))
                as? [[String: Any]]
        )
        let id = try #require(api.first?["id"] as? String)
        #expect((api.first?["ends_ms"] as? Int).map { $0 - (api.first?["started_ms"] as? Int ?? 0) } == 1_800_000)

        let bad = "csrf=\(csrf)&name=x&duration_minutes=soon"
        #expect(try await server.request("POST", "/recordings", body: bad, headers: headers).status == 400)
        // 2^58 + 1 minutes: × 60 overflows; refused before any multiplication.
        let wraps = "csrf=\(csrf)&name=x&duration_minutes=288230376151711745"
        #expect(try await server.request("POST", "/recordings", body: wraps, headers: headers).status == 400)
        let forged = "csrf=\(String(repeating: "0", count: 64))&name=x"
        #expect(try await server.request("POST", "/recordings", body: forged, headers: headers).status == 403)

        let stop = try await server.request("POST", "/recordings/\(id)/stop", body: "csrf=\(csrf)", headers: headers)
        #expect(stop.status == 303)
        #expect(try await server.get("/recordings").body.contains("<td>stopped"))
        let delete = try await server.request(
            "POST",
            "/recordings/\(id)/delete",
            body: "csrf=\(csrf)",
            headers: headers
        )
        #expect(delete.status == 303)
        #expect(!FileManager.default.fileExists(atPath: directory + "/" + id))
        await server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func withoutADirectoryRecordingsSayHowToTurnThemOn() async throws {
        let server = try await TestServer()
        #expect(try await server.get("/recordings").body.contains("--recordings-dir"))
        let api = try await server.request("POST", "/api/v1/recordings", body: #"{"name":"x"}"#)
        #expect(api.status == 503 && api.body.contains("--recordings-dir"))
        await server.stop()
    }
}
