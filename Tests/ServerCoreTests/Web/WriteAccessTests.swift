import ServerCore
import Testing

/// Every write route passes the one write check (WriteAccessMiddleware) before it runs: none can be reached
/// without a CSRF token (forms), cross-site (API), or without the admin token when one is configured.
@Suite struct WriteAccessTests {
    static let forms = [
        "/alerts/rules", "/alerts/rules/r1", "/alerts/rules/r1/enable", "/alerts/rules/r1/disable",
        "/alerts/rules/r1/delete", "/alerts/a1/dismiss", "/login", "/logout", "/profiles", "/profiles/p1/cancel",
    ]
    static let api: [(method: String, path: String)] = [
        ("POST", "/api/v1/rules"), ("PATCH", "/api/v1/rules/r1"), ("DELETE", "/api/v1/rules/r1"),
        ("POST", "/api/v1/alerts/a1/dismiss"), ("POST", "/api/v1/profiles"), ("DELETE", "/api/v1/profiles/p1"),
    ]

    @Test func formsWithoutTheirCSRFTokenAreRefused() async throws {
        let server = try await TestServer()
        for path in Self.forms {
            let answer = try await server.request(
                "POST",
                path,
                body: "name=x&token=y",
                headers: ["Content-Type": "application/x-www-form-urlencoded"]
            )
            #expect(answer.status == 403, "\(path): \(answer.status)")
            #expect(answer.body.contains("CSRF"), "\(path)")
        }
        await server.stop()
    }

    @Test func crossSiteAndUnauthenticatedAPIWritesAreRefused() async throws {
        let server = try await TestServer { $0.adminToken = "admin-secret" }
        for (method, path) in Self.api {
            let crossSite = try await server.request(
                method,
                path,
                body: "{}",
                headers: ["Origin": "http://evil.example"]
            )
            #expect(crossSite.status == 403, "\(method) \(path): \(crossSite.status)")
            let anonymous = try await server.request(method, path, body: "{}")
            #expect(anonymous.status == 401, "\(method) \(path): \(anonymous.status)")
            let plain = try await server.request(method, path, body: "{}", headers: ["Content-Type": "text/plain"])
            #expect(plain.status == 415, "\(method) \(path): \(plain.status)")
        }
        await server.stop()
    }
}
