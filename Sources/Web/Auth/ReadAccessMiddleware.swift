import HTTPTypes
import Hummingbird
import Ingest

/// With a read token configured, every page and API answer needs a credential: `Authorization: Bearer` with the
/// read or the admin token, or a login session. What stays open: the probes (`/healthz`, `/readyz`), the login
/// form, and the stylesheet and script (no data). A browser asking for a page is sent to the login form and back;
/// an API client, a live region's refresh or any write gets 401.
struct ReadAccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let readToken: String?
    let adminToken: String?
    let sessions: LoginSessions
    static var openPaths: Set<String> { ["/healthz", "/readyz", "/login"] }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard self.readToken != nil else { return try await next(request, context) }
        let path = request.uri.path
        if Self.openPaths.contains(path) || path.hasPrefix("/assets/") || self.mayRead(request) {
            return try await next(request, context)
        }
        // The page script's refreshes say who they are: they get 401 and reload the page, which comes here.
        let isRefresh = HTTPField.Name("X-Requested-With").map { request.headers[$0] != nil } ?? false
        let isPageLoad = (request.method == .get || request.method == .head) && !path.hasPrefix("/api/") && !isRefresh
        guard isPageLoad else {
            throw HTTPError(
                .unauthorized,
                headers: [.wwwAuthenticate: "Bearer realm=\"podwatch\""],
                message: "This server requires the read token: send Authorization: Bearer <token>, or log in at /login."
            )
        }
        return Response.redirect(
            to: "/login?next=\(LoginRedirect.percentEncoded(request.uri.description))",
            type: .normal
        )
    }

    /// A bearer token that is the read or the admin token, or a live login session.
    func mayRead(_ request: Request) -> Bool {
        if self.sessions.role(of: request) != nil { return true }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        let presented = String(header.dropFirst(7))
        return [self.readToken, self.adminToken].contains { $0.map { TokenCheck.matches(presented, $0) } ?? false }
    }
}
