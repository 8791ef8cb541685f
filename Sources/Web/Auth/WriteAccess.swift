import HTTPTypes
import Hummingbird
import Ingest

/// Who may change rules and dismiss alerts.
///
/// API: with an admin token configured, `Authorization: Bearer <token>` (compared in constant time).
/// Forms: a CSRF token (double-submit: a random SameSite=Strict cookie echoed in a hidden field, plus a
/// same-origin check of `Origin` when the browser sends one) and, with an admin token configured, a login
/// session.
struct WriteAccess: Sendable {
    let adminToken: String?
    let sessions: LoginSessions
    static let csrfCookie = "podwatch_csrf"

    /// Throws unless the request may write through the API: never cross-site (an `Origin` of another site is
    /// refused), a body only as `application/json` (a cross-site `text/plain` or form post needs no CORS
    /// preflight, so without these a page elsewhere could create rules on a server without an admin token:
    /// security review L2), and the admin token when one is configured.
    func checkAPI(_ request: Request) throws {
        if let origin = request.headers[.origin], let host = request.head.authority,
            origin != "http://\(host)" && origin != "https://\(host)"
        {
            throw HTTPError(.forbidden, message: "Cross-site API writes are refused (Origin \(origin.prefix(80))).")
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
        if hasBody && !(type == "application/json" || type.hasPrefix("application/json;")) {
            throw HTTPError(
                .unsupportedMediaType,
                message: "API writes take JSON: send Content-Type: application/json (got '\(type.prefix(60))')."
            )
        }
        guard let token = self.adminToken else { return }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), TokenCheck.matches(String(header.dropFirst(7)), token) else {
            throw HTTPError(
                .unauthorized,
                headers: [.wwwAuthenticate: "Bearer realm=\"podwatch\""],
                message: "This server requires the admin token: send Authorization: Bearer <token>."
            )
        }
    }

    /// Throws 403 unless a form post carries the page's CSRF token and, when required, a login.
    func checkForm(_ request: Request, csrf: String?) throws {
        let cookie = request.cookies[Self.csrfCookie]?.value
        guard let cookie, let csrf, !cookie.isEmpty, TokenCheck.matches(csrf, cookie) else {
            throw HTTPError(
                .forbidden,
                message:
                    "The form has expired or did not come from this site (CSRF check failed). Reload the page and try again."
            )
        }
        if let origin = request.headers[.origin], let host = request.head.authority,
            origin != "http://\(host)" && origin != "https://\(host)"
        {
            throw HTTPError(.forbidden, message: "Cross-site form posts are refused (Origin \(origin.prefix(80))).")
        }
        guard self.adminToken == nil || self.sessions.role(of: request) == .admin else {
            throw HTTPError(.forbidden, message: "Log in with the admin token first (/login).")
        }
    }

    /// Whether the UI should offer the write forms to this request.
    func mayWrite(_ request: Request) -> Bool {
        self.adminToken == nil || self.sessions.role(of: request) == .admin
    }

    /// The request's CSRF token, or a new one to set as a cookie.
    static func csrfToken(_ request: Request) -> (token: String, isNew: Bool) {
        if let value = request.cookies[Self.csrfCookie]?.value, value.count == 64,
            value.allSatisfy({ $0.isHexDigit })
        {
            return (value, false)
        }
        return (RandomToken.hex(bytes: 32), true)
    }

    /// Sets the CSRF cookie when the request had none: the same token the page's forms carry (one token per
    /// request, chosen once).
    static func withCSRF(_ token: String, _ isNew: Bool, _ response: HTMLResponse) -> HTMLResponse {
        guard isNew else { return response }
        var response = response
        response.cookies.append(Self.csrfCookie(token))
        return response
    }

    static func csrfCookie(_ token: String) -> Cookie {
        Cookie(name: Self.csrfCookie, value: token, path: "/", httpOnly: true, sameSite: .strict)
    }
}
