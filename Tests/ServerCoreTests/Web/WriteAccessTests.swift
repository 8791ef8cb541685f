import AlertEngine
import ServerCore
import ServerTesting
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

    /// The write check reads every form body before any route: a huge one, one it cannot read, a token with
    /// control characters or given twice are refused with their reason, and nothing is created.
    @Test func hostileFormBodiesAreRefusedBeforeAnyRoute() async throws {
        let server = try await TestServer()
        let token = String(repeating: "ab", count: 32)
        let cookie = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "podwatch_csrf=\(token)"]
        let rule =
            "name=hot&target_kind=node&node=alpha&metric=node.cpu.percent&operator=%3E&threshold=95&for_seconds=0&severity=critical&renotify_seconds=0&enabled=on"
        let cases: [(body: String, status: Int)] = [
            ("csrf=\(token)&\(rule)&pad=" + String(repeating: "x", count: 100_000), 413),
            ("csrf=%zz&\(rule)", 400),
            ("csrf=%00\(token.dropFirst())&\(rule)", 403),
            ("csrf=\(token)%0A&\(rule)", 403),
            ("csrf=\(token)&csrf=\(token)&\(rule)", 400),
        ]
        for (body, status) in cases {
            let answer = try await server.request("POST", "/alerts/rules", body: body, headers: cookie)
            #expect(answer.status == status, "\(body.prefix(60)): \(answer.status) \(answer.body.prefix(120))")
        }
        #expect(server.server.alerts.rules.isEmpty)
        // The same check lets a good form through to its route.
        let good = try await server.request("POST", "/alerts/rules", body: "csrf=\(token)&\(rule)", headers: cookie)
        #expect(good.status == 303 && server.server.alerts.rules.count == 1)
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
