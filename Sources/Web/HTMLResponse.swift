import HTTPTypes
import Hummingbird

/// An HTML page or fragment as a response, with the headers every page gets.
struct HTMLResponse: ResponseGenerator {
    var html: HTML
    var status: HTTPResponse.Status = .ok
    var cookies: [Cookie] = []

    /// Every page's and fragment's: HTML, never cached (each answer is the live state).
    static let headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response(
            status: self.status,
            headers: Self.headers,
            body: .init(byteBuffer: ByteBuffer(string: self.html.rendered))
        )
        for cookie in self.cookies { response.setCookie(cookie) }
        return response
    }
}

/// A page and its live fragment rendered once and kept as the bytes sent (``RenderCache``): answering is handing
/// out a reference to them.
struct RenderedPage: Sendable {
    var fragment: RenderedHTML
    var page: RenderedHTML

    init(fragment: HTML, page: HTML) {
        self.fragment = RenderedHTML(fragment)
        self.page = RenderedHTML(page)
    }
}

/// HTML already encoded, answered with the same headers as ``HTMLResponse``; gzipped (once, when rendered) for a
/// client that accepts it.
struct RenderedHTML: ResponseGenerator, Sendable {
    var bytes: ByteBuffer
    var gzipped: ByteBuffer?

    init(_ html: HTML) {
        self.bytes = ByteBuffer(string: html.rendered)
        self.gzipped = Gzip.compress(self.bytes).flatMap { $0.readableBytes < self.bytes.readableBytes ? $0 : nil }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTMLResponse.headers
        headers[.vary] = "Accept-Encoding"
        if let gzipped = self.gzipped, Gzip.isAccepted(request.headers[.acceptEncoding]) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzipped))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: self.bytes))
    }
}

/// A static asset compiled into the binary.
struct AssetResponse: ResponseGenerator {
    var body: String
    var contentType: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = self.contentType
        headers[.cacheControl] = "public, max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: self.body)))
    }
}

/// Headers that make injected markup inert even if escaping ever failed: scripts only from this origin,
/// no framing, no MIME sniffing. Behind an HTTPS ingress (`X-Forwarded-Proto: https`) every cookie is also
/// marked Secure, so a session never travels over plain HTTP.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        if let referrerPolicy = HTTPField.Name("Referrer-Policy") { response.headers[referrerPolicy] = "same-origin" }
        let cookies = response.headers[values: .setCookie]
        if !cookies.isEmpty && LoginSessions.isHTTPS(request) {
            response.headers[values: .setCookie] = cookies.map {
                $0.lowercased().contains("; secure") ? $0 : $0 + "; Secure"
            }
        }
        return response
    }
}
