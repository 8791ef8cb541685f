import HTTPTypes
import Hummingbird

/// Every write (any method but GET and HEAD) passes `WriteAccess` before its route runs: API writes need JSON,
/// same-origin and the admin token when one is set; form posts need the page's CSRF token and, but for the
/// login form itself, a login when an admin token is set. In one place, so a new write route cannot forget it.
struct WriteAccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let access: WriteAccess
    /// The form that creates the login session: CSRF-checked, but it cannot require the login it creates.
    static var loginPath: String { "/login" }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method != .get && request.method != .head else { return try await next(request, context) }
        if request.uri.path.hasPrefix("/api/") {
            try self.access.checkAPI(request)
            return try await next(request, context)
        }
        // The body is read once here and stays in the request for the route's own form decoding.
        var request = request
        _ = try await request.collectBody(upTo: FormBody.maximumBytes)
        let form = try await FormBody.decode(CSRFForm.self, request)
        let access =
            request.uri.path == Self.loginPath
            ? WriteAccess(adminToken: nil, sessions: self.access.sessions) : self.access
        try access.checkForm(request, csrf: form.csrf)
        return try await next(request, context)
    }
}

/// The field every form carries; the rest of a form is the route's.
struct CSRFForm: Decodable, Sendable {
    var csrf: String?
}
