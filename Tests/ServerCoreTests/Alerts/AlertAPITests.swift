import Foundation
import ServerCore
import ServerTesting
import Testing

/// The rules and alerts API and the /alerts forms on a real server (rules in memory here; the PostgreSQL
/// paths are in AlertEndToEndTests).
@Suite struct AlertAPITests {
    static let rule =
        #"{"name":"mem","target":{"kind":"node","node":"alpha"},"metric":"node.memory.percent","operator":">","threshold":90,"for_seconds":60,"enabled":true,"channels":[]}"#
    static let bearer = ["Authorization": "Bearer adm1n"]

    static func json(_ text: String) throws -> [String: Any] {
        try #require((try JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])
    }

    @Test func rulesCRUDWithTheAdminToken() async throws {
        let server = try await TestServer { $0.adminToken = "adm1n" }
        #expect(try await server.request("POST", "/api/v1/rules", body: Self.rule).status == 401)
        #expect(
            try await server.request(
                "POST",
                "/api/v1/rules",
                body: Self.rule,
                headers: ["Authorization": "Bearer nope"]
            ).status == 401
        )
        let created = try await server.request("POST", "/api/v1/rules", body: Self.rule, headers: Self.bearer)
        #expect(created.status == 201)
        let id = try #require(try Self.json(created.body)["id"] as? String)
        #expect(created.headers["location"] == "/api/v1/rules/\(id)")

        let patched = try await server.request(
            "PATCH",
            "/api/v1/rules/\(id)",
            body: #"{"enabled":false}"#,
            headers: Self.bearer
        )
        #expect(patched.status == 200)
        let body = try Self.json(patched.body)
        #expect(
            body["enabled"] as? Bool == false && body["threshold"] as? Double == 90 && body["name"] as? String == "mem"
        )

        let fetched = try await server.request("GET", "/api/v1/rules/\(id)")
        #expect(try Self.json(fetched.body)["enabled"] as? Bool == false)
        #expect(try await server.request("DELETE", "/api/v1/rules/\(id)").status == 401)
        #expect(try await server.request("DELETE", "/api/v1/rules/\(id)", headers: Self.bearer).status == 204)
        #expect(try await server.request("GET", "/api/v1/rules/\(id)").status == 404)
        #expect(
            try await server.request("PATCH", "/api/v1/rules/\(id)", body: "{}", headers: Self.bearer).status == 404
        )
        await server.stop()
    }

    @Test(arguments: [
        (#"{"name":"x"}"#, "missing required fields: target, metric, operator, threshold"),
        (
            #"{"name":"x","target":{"kind":"node","node":"a"},"metric":"node.load1","operator":">","threshold":"high"}"#,
            "field 'threshold'"
        ),
        (
            #"{"name":"x","target":{"kind":"rack"},"metric":"node.load1","operator":">","threshold":1}"#,
            "field 'target.kind'"
        ),
        (
            #"{"name":"x","target":{"kind":"node","node":"a"},"metric":"node.load1","operator":"=>","threshold":1}"#,
            "field 'operator'"
        ),
        (
            #"{"name":"x","target":{"kind":"node","node":"a"},"metric":"node.load1","operator":">","threshold":1,"for_second":5}"#,
            "unknown field 'for_second'"
        ),
        (
            #"{"name":"x","target":{"kind":"node","node":"a"},"metric":"pod.cpu.cores","operator":">","threshold":1}"#,
            "metric pod.cpu.cores is a pod metric"
        ),
        (
            #"{"name":"x","target":{"kind":"node","node":"a"},"metric":"node.load1","operator":">","threshold":1,"channels":["pager"]}"#,
            "channels: 'pager'"
        ),
        ("not json", "body is not valid JSON"),
    ])
    func invalidRulesGet400NamingTheField(body: String, message: String) async throws {
        let server = try await TestServer()
        let answer = try await server.request("POST", "/api/v1/rules", body: body)
        #expect(answer.status == 400)
        #expect(answer.body.contains(message), "\(answer.body)")
        await server.stop()
    }

    @Test func alertQueriesValidateTheirParameters() async throws {
        let server = try await TestServer()
        #expect(try await server.request("GET", "/api/v1/alerts?state=all").status == 200)
        #expect(try await server.request("GET", "/api/v1/alerts?state=open").status == 400)
        let history = try await server.request("GET", "/api/v1/alerts/history?since=2026-11-21T00:00:00Z&limit=10")
        #expect(history.status == 200)
        #expect(try Self.json(history.body)["total"] as? Int == 0)
        let bad = try await server.request("GET", "/api/v1/alerts/history?since=yesterday")
        #expect(bad.status == 400 && bad.body.contains("since"))
        #expect(try await server.request("POST", "/api/v1/alerts/unknown/dismiss").status == 404)
        await server.stop()
    }

    @Test func formsNeedTheCSRFTokenAndALoginWhenAnAdminTokenIsSet() async throws {
        let server = try await TestServer { $0.adminToken = "adm1n" }
        let loginPage = try await server.request("GET", "/login")
        let cookie = try #require(loginPage.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let csrf = String(cookie.dropFirst("podwatch_csrf=".count))
        // The first page's form carries the very token its cookie sets.
        #expect(loginPage.body.contains(#"name="csrf" value="\#(csrf)""#))
        let page = try await server.request("GET", "/alerts")
        #expect(page.body.contains("will not survive a restart"))  // no database: said on every page
        #expect(page.body.contains("log in") && !page.body.contains("rule-form"))  // no forms before a login
        let form =
            "csrf=\(csrf)&name=hot&target_kind=node&node=alpha&metric=node.cpu.percent&operator=%3E&threshold=95&for_seconds=0&severity=critical&renotify_seconds=0&enabled=on"
        let headers = ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"]
        // A valid CSRF token but no login.
        #expect(try await server.request("POST", "/alerts/rules", body: form, headers: headers).status == 403)
        let forged = form.replacingOccurrences(of: csrf, with: String(repeating: "0", count: 64))
        #expect(try await server.request("POST", "/alerts/rules", body: forged, headers: headers).status == 403)

        let wrong = try await server.request("POST", "/login", body: "csrf=\(csrf)&token=guess", headers: headers)
        #expect(wrong.status == 403)
        let login = try await server.request("POST", "/login", body: "csrf=\(csrf)&token=adm1n", headers: headers)
        #expect(login.status == 303)
        let session = try #require(login.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let authorised = ["Cookie": "\(cookie); \(session)", "Content-Type": "application/x-www-form-urlencoded"]
        let invalid = try await server.request(
            "POST",
            "/alerts/rules",
            body: form.replacingOccurrences(of: "threshold=95", with: "threshold=lots").replacingOccurrences(
                of: "name=hot",
                with: "name="
            ),
            headers: authorised
        )
        #expect(invalid.status == 400)
        #expect(
            invalid.body.contains("threshold: &#39;lots&#39; is not a number")
                && invalid.body.contains("name must not be empty")
        )
        let created = try await server.request("POST", "/alerts/rules", body: form, headers: authorised)
        #expect(created.status == 303 && created.headers["location"] == "/alerts")
        let rules = try await server.request("GET", "/api/v1/rules")
        #expect(rules.body.contains(#""name":"hot""#))
        await server.stop()
    }
}
