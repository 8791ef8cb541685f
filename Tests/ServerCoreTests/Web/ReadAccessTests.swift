import Foundation
import ServerCore
import ServerTesting
import Testing

/// `--read-token` over real HTTP: every page and API answer needs a credential, the probes do not, a browser is
/// sent to the login form and back, and a read login cannot write.
@Suite struct ReadAccessTests {
    static let guarded = [
        "/", "/fragments/overview", "/alerts", "/alerts/fragments/active", "/api/v1/nodes", "/api/v1/server",
        "/api/v1/rules", "/api/v1/alerts", "/api/v1/profiles", "/nodes/alpha",
    ]

    @Test func readsNeedTheReadTokenTheAdminTokenOrALogin() async throws {
        let server = try await TestServer {
            $0.readToken = "r34d-token-for-tests"
            $0.adminToken = "adm1n-token-for-tests"
        }
        for path in ["/healthz", "/readyz", "/login", "/assets/app.css", "/assets/app.js"] {
            #expect(try await server.request("GET", path).status == 200, "\(path) stays open")
        }
        for path in Self.guarded {
            let anonymous = try await server.request("GET", path)
            let wrong = try await server.request("GET", path, headers: ["Authorization": "Bearer guess"])
            let read = try await server.request("GET", path, headers: ["Authorization": "Bearer r34d-token-for-tests"])
            let admin = try await server.request(
                "GET",
                path,
                headers: ["Authorization": "Bearer adm1n-token-for-tests"]
            )
            if path.hasPrefix("/api/") {
                #expect(anonymous.status == 401 && anonymous.headers["www-authenticate"] != nil, "\(path)")
            } else {
                // A browser goes to the login form, which brings it back.
                #expect(anonymous.status == 303, "\(path)")
                #expect(anonymous.headers["location"] == "/login?next=\(path)")
            }
            #expect(!anonymous.body.contains("alpha"), "\(path): nothing about nodes before a login")
            #expect(wrong.status == 401 || wrong.status == 303, "\(path)")
            #expect(read.status != 401 && read.status != 303, "\(path) with the read token")
            #expect(admin.status != 401 && admin.status != 303, "\(path) with the admin token")
        }
        // The page script's refresh gets 401 (and reloads), not a redirect it would render.
        let refresh = try await server.request("GET", "/fragments/overview", headers: ["X-Requested-With": "podwatch"])
        #expect(refresh.status == 401)
        await server.stop()
    }

    @Test func aLoginWithTheReadTokenReadsButCannotWrite() async throws {
        let server = try await TestServer {
            $0.readToken = "r34d-token-for-tests"
            $0.adminToken = "adm1n-token-for-tests"
        }
        let page = try await server.request("GET", "/login?next=/alerts%3Fhistory%3D1")
        #expect(page.status == 200 && page.body.contains(#"name="next" value="/alerts?history=1""#))
        #expect(!page.body.contains("Agents are not authenticated"))  // no banner before a login
        let csrfCookie = try #require(page.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let csrf = String(csrfCookie.dropFirst("podwatch_csrf=".count))
        let form = ["Cookie": csrfCookie, "Content-Type": "application/x-www-form-urlencoded"]
        let wrong = try await server.request("POST", "/login", body: "csrf=\(csrf)&token=guess&next=/", headers: form)
        #expect(wrong.status == 403 && wrong.body.contains("not a token this server accepts"))
        // Back to where the reader was going; never to another site.
        let offsite = try await server.request(
            "POST",
            "/login",
            body: "csrf=\(csrf)&token=r34d-token-for-tests&next=//evil.example/",
            headers: form
        )
        #expect(offsite.status == 303 && offsite.headers["location"] == "/")
        // A CR LF (header injection), a backslash, an overlong path: all go to "/".
        for hostile in ["/x%0d%0aSet-Cookie:%20evil=1", "/%5cevil.example", "/" + String(repeating: "a", count: 3_000)]
        {
            let answer = try await server.request(
                "POST",
                "/login",
                body: "csrf=\(csrf)&token=r34d-token-for-tests&next=\(hostile)",
                headers: form
            )
            #expect(answer.status == 303 && answer.headers["location"] == "/", "\(hostile.prefix(40))")
            #expect(answer.headers["set-cookie"]?.contains("evil") != true)
        }
        let login = try await server.request(
            "POST",
            "/login",
            body: "csrf=\(csrf)&token=r34d-token-for-tests&next=/alerts",
            headers: form
        )
        #expect(login.status == 303 && login.headers["location"] == "/alerts")
        let session = try #require(login.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        #expect(session.hasPrefix("podwatch_session=") && !session.contains("r34d"))
        let cookies = ["Cookie": "\(csrfCookie); \(session)"]
        #expect(try await server.request("GET", "/", headers: cookies).status == 200)
        #expect(try await server.request("GET", "/api/v1/nodes", headers: cookies).status == 200)
        // Reading is not writing: the rule form needs the admin login.
        let rule =
            "csrf=\(csrf)&name=hot&target_kind=node&node=alpha&metric=node.cpu.percent&operator=%3E&threshold=95&for_seconds=0&severity=critical&renotify_seconds=0&enabled=on"
        let write = try await server.request(
            "POST",
            "/alerts/rules",
            body: rule,
            headers: cookies.merging(["Content-Type": "application/x-www-form-urlencoded"]) { $1 }
        )
        #expect(write.status == 403)
        await server.stop()
    }

    @Test func cookiesAreSecureBehindHTTPS() async throws {
        let server = try await TestServer { $0.readToken = "r34d-token-for-tests" }
        let plain = try await server.request("GET", "/login")
        #expect(plain.headers["set-cookie"].map { !$0.contains("Secure") } == true)
        let forwarded = try await server.request("GET", "/login", headers: ["X-Forwarded-Proto": "https"])
        #expect(forwarded.headers["set-cookie"]?.hasSuffix("; Secure") == true)
        await server.stop()
    }

    @Test func withoutAReadTokenPagesStayOpen() async throws {
        let server = try await TestServer()
        #expect(try await server.request("GET", "/").status == 200)
        #expect(try await server.request("GET", "/api/v1/nodes").status == 200)
        await server.stop()
    }
}
