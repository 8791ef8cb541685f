import AlertEngine
import Foundation
import ServerTesting
import Testing
import Wire

@testable import ServerCore
@testable import Web

/// Web and handshake findings of the security review that need no agent data: L2 (cross-site API writes),
/// L4 (a forged agent version in the logs), L5 (`.` and `..` in links).
@Suite(.serialized) struct HostileWebTests {
    static let rule =
        #"{"name":"x","target":{"kind":"node","node":"*"},"metric":"node.cpu.percent","operator":">","threshold":1,"channels":[]}"#

    /// Without an admin token, a page elsewhere could POST `text/plain` (no CORS preflight) and create a rule.
    @Test func apiWritesTakeJSONOnlyAndNeverCrossSite() async throws {
        let server = try await TestServer()
        let plain = try await server.request(
            "POST",
            "/api/v1/rules",
            body: Self.rule,
            headers: ["Content-Type": "text/plain"]
        )
        #expect(plain.status == 415 && plain.body.contains("Content-Type"))
        let form = try await server.request(
            "POST",
            "/api/v1/profiles",
            body: "x=1",
            headers: ["Content-Type": "application/x-www-form-urlencoded"]
        )
        #expect(form.status == 415)
        let crossSite = try await server.request(
            "POST",
            "/api/v1/alerts/unknown/dismiss",
            headers: ["Origin": "https://evil.example"]
        )
        #expect(crossSite.status == 403)
        #expect(server.server.alerts.rules.isEmpty)
        let json = try await server.request("POST", "/api/v1/rules", body: Self.rule)
        #expect(json.status == 201)
        await server.stop()
    }

    /// An agent version with a newline (a forged log line) or past 64 bytes is refused at the handshake.
    @Test(arguments: ["1.0\nlevel=error msg=forged", String(repeating: "v", count: 65)])
    func aForgedAgentVersionIsRefused(version: String) async throws {
        let server = try await TestServer()
        var hello = Podwatch_V1_Hello()
        hello.protocolVersion = WireMessage.protocolVersion
        hello.nodeName = "n"
        hello.token = "t0ken"
        hello.agentVersion = version
        let replies = try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(.hello(hello))
            return try await client.frames().map(Describe.init).map(\.text)
        }
        #expect(replies == ["reject(protocolError)"])
        await server.stop()
    }

    @Test func dotSegmentsAreEncodedInLinks() {
        #expect(HTML.segment(".") == "%2E" && HTML.segment("..") == "%2E%2E")
        #expect(HTML.segment("a.b") == "a.b")
    }
}
