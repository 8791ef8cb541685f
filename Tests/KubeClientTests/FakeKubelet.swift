import Foundation
import Hummingbird
import NIOCore
import Synchronization
import TLSTesting

/// A stand-in for one node's kubelet on its secure port: TLS with the test CA's certificate, bearer-token checks
/// (401 otherwise, as a kubelet with webhook authentication answers), and each endpoint's answer set per test —
/// the real sample, a status with a body, a delay past the client's deadline, or something that is not the shape.
final class FakeKubelet: Sendable {
    struct Answer: Sendable {
        var status: HTTPResponse.Status = .ok
        var body: String
        var delay: Duration = .zero
        var contentType = "application/json"
    }

    struct State: Sendable {
        var answers: [String: Answer] = [
            "/healthz": Answer(body: "ok", contentType: "text/plain; charset=utf-8"),
            "/healthz/syncloop": Answer(body: "ok", contentType: "text/plain; charset=utf-8"),
            "/configz": Answer(body: KubeletSamples.configz),
            "/stats/summary": Answer(body: KubeletSamples.summary),
            "/pods": Answer(body: KubeletSamples.pods),
            "/metrics/cadvisor": Answer(
                body: KubeletSamples.cadvisor(received: 0, written: 0),
                contentType: "text/plain"
            ),
            "/metrics/resource": Answer(
                body: KubeletSamples.resource,
                contentType: "text/plain; version=0.0.4; charset=utf-8"
            ),
            "/metrics": Answer(body: KubeletSamples.metrics, contentType: "text/plain; version=0.0.4; charset=utf-8"),
            "/metrics/probes": Answer(
                body: KubeletSamples.probes,
                contentType: "text/plain; version=0.0.4; charset=utf-8"
            ),
        ]
        var token: String
        var requests: [String] = []
    }

    let state: Mutex<State>
    private let app = Mutex<TLSTestApp?>(nil)

    init(certificates: TestCertificates, token: String) async throws {
        self.state = Mutex(State(token: token))
        let router = Router()
        for path in [
            "/healthz", "/healthz/syncloop", "/configz", "/stats/summary", "/pods", "/metrics/probes", "/metrics",
            "/metrics/resource", "/metrics/cadvisor", "/spec",
        ] {
            router.get(RouterPath(path)) { request, _ -> Response in try await self.answer(path, request) }
        }
        let app = try await TLSTestApp.start(router: router, certificates: certificates)
        self.app.withLock { $0 = app }
    }

    var address: String { "127.0.0.1:\(self.app.withLock { $0?.port ?? 0 })" }

    func set(_ path: String, _ answer: Answer) { self.state.withLock { $0.answers[path] = answer } }

    func stop() async {
        await self.app.withLock { $0 }?.stop()
    }

    private func answer(_ path: String, _ request: Request) async throws -> Response {
        let (answer, token) = self.state.withLock { state in
            state.requests.append(path)
            return (state.answers[path], state.token)
        }
        guard request.headers[.authorization] == "Bearer \(token)" else {
            return Self.response(.unauthorized, "Unauthorized", "text/plain; charset=utf-8")
        }
        guard let answer else { return Self.response(.notFound, "404 page not found", "text/plain; charset=utf-8") }
        if answer.delay > .zero { try await Task.sleep(for: answer.delay) }
        return Self.response(answer.status, answer.body, answer.contentType)
    }

    static func response(_ status: HTTPResponse.Status, _ body: String, _ contentType: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: contentType],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}
