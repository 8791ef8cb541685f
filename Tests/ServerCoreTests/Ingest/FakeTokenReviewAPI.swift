import Foundation
import Hummingbird
import NIOCore
import Synchronization
import TLSTesting

/// A stand-in for the two Kubernetes API calls the server makes to check an agent, over TLS and in their real
/// shapes: `POST /apis/authentication.k8s.io/v1/tokenreviews` (201 with the TokenReview's status: authenticated,
/// user with the pod-bound extra fields, audiences) and `GET /api/v1/namespaces/NS/pods/NAME` (the Pod, or a 404
/// Status). Only the server's own bearer token is let in (401 Status otherwise).
final class FakeTokenReviewAPI: Sendable {
    /// A projected token the fake API knows: whose it is and which pod it is bound to.
    struct Issued: Sendable {
        var namespace = "podwatch"
        var serviceAccount = "podwatch-agent"
        var podName: String
        var podUID: String
        var audiences = ["podwatch"]
    }

    struct State: Sendable {
        /// token → whose, and the node its pod was on when the review's cache last saw it
        var tokens: [String: (issued: Issued, node: String)] = [:]
        /// namespace/name → (uid, node)
        var pods: [String: (uid: String, node: String)] = [:]
        /// Newer clusters name the node in the review; older ones leave the pod GET to the caller.
        var nodeInExtra = true
        /// When set, every review is answered with exactly this body (a hostile or broken API server).
        var rawReview: String?
        var reviews: [String] = []
        var podGets: [String] = []
    }

    static let serverToken = "podwatch-server-sa-token"
    let state = Mutex(State())
    private let app = Mutex<TLSTestApp?>(nil)

    init(certificates: TestCertificates) async throws {
        let app = try await TLSTestApp.start(router: self.router(), certificates: certificates)
        self.app.withLock { $0 = app }
    }

    var server: String { "https://127.0.0.1:\(self.app.withLock { $0?.port ?? 0 })" }

    /// The kubelet started a pod on `node` and gave it `token`.
    func issue(_ token: String, _ issued: Issued, node: String) {
        self.state.withLock { state in
            state.tokens[token] = (issued, node)
            state.pods["\(issued.namespace)/\(issued.podName)"] = (issued.podUID, node)
        }
    }

    /// The token expired (the kubelet rotates before that).
    func revoke(_ token: String) { _ = self.state.withLock { $0.tokens.removeValue(forKey: token) } }

    func stop() async {
        await self.app.withLock { $0 }?.stop()
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/apis/authentication.k8s.io/v1/tokenreviews") { request, _ -> Response in
            guard Self.authorized(request) else { return Self.status(401, "Unauthorized", "Unauthorized") }
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let review = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                review["kind"] as? String == "TokenReview",
                review["apiVersion"] as? String == "authentication.k8s.io/v1",
                let spec = review["spec"] as? [String: Any], let token = spec["token"] as? String
            else { return Self.status(400, "BadRequest", "not a TokenReview") }
            let asked = spec["audiences"] as? [String] ?? []
            return self.review(token, audiences: asked)
        }
        router.get("/api/v1/namespaces/:namespace/pods/:name") { request, context -> Response in
            guard Self.authorized(request) else { return Self.status(401, "Unauthorized", "Unauthorized") }
            let namespace = context.parameters.get("namespace") ?? ""
            let name = context.parameters.get("name") ?? ""
            let pod = self.state.withLock { state in
                state.podGets.append("\(namespace)/\(name)")
                return state.pods["\(namespace)/\(name)"]
            }
            guard let pod else { return Self.status(404, "NotFound", "pods \"\(name)\" not found") }
            return Self.json(
                .ok,
                "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"\(name)\",\"namespace\":\"\(namespace)\","
                    + "\"uid\":\"\(pod.uid)\",\"resourceVersion\":\"4711\"},\"spec\":{\"nodeName\":\"\(pod.node)\","
                    + "\"containers\":[{\"name\":\"agent\",\"image\":\"podwatch-agent\"}]},\"status\":{\"phase\":\"Running\"}}"
            )
        }
        return router
    }

    private func review(_ token: String, audiences asked: [String]) -> Response {
        if let raw = self.state.withLock({ $0.rawReview }) { return Self.json(.created, raw) }
        let (issued, node, nodeInExtra) = self.state.withLock { state in
            state.reviews.append(token)
            let known = state.tokens[token]
            return (known?.issued, known?.node, state.nodeInExtra)
        }
        let valid = issued.map { issued in asked.isEmpty || asked.contains { issued.audiences.contains($0) } } ?? false
        guard let issued, let node, valid else {
            let reason = issued == nil ? "invalid bearer token" : "token audiences do not match"
            return Self.json(
                .created,
                "{\"kind\":\"TokenReview\",\"apiVersion\":\"authentication.k8s.io/v1\",\"metadata\":{\"creationTimestamp\":null},"
                    + "\"spec\":{\"token\":\"\(token)\"},\"status\":{\"user\":{},\"error\":\"[\(reason)]\"}}"
            )
        }
        var extra = [
            "\"authentication.kubernetes.io/pod-name\":[\"\(issued.podName)\"]",
            "\"authentication.kubernetes.io/pod-uid\":[\"\(issued.podUID)\"]",
            "\"authentication.kubernetes.io/credential-id\":[\"JTI=4b5c\"]",
        ]
        if nodeInExtra {
            extra.append("\"authentication.kubernetes.io/node-name\":[\"\(node)\"]")
            extra.append("\"authentication.kubernetes.io/node-uid\":[\"9f1e\"]")
        }
        let audiences = asked.isEmpty ? issued.audiences : asked.filter { issued.audiences.contains($0) }
        let username = "system:serviceaccount:\(issued.namespace):\(issued.serviceAccount)"
        return Self.json(
            .created,
            "{\"kind\":\"TokenReview\",\"apiVersion\":\"authentication.k8s.io/v1\",\"metadata\":{\"creationTimestamp\":null},"
                + "\"spec\":{\"token\":\"\(token)\"},\"status\":{\"authenticated\":true,\"user\":{"
                + "\"username\":\"\(username)\",\"uid\":\"2c1b\",\"groups\":[\"system:serviceaccounts\","
                + "\"system:serviceaccounts:\(issued.namespace)\",\"system:authenticated\"],"
                + "\"extra\":{\(extra.joined(separator: ","))}},"
                + "\"audiences\":[\(audiences.map { "\"\($0)\"" }.joined(separator: ","))]}}"
        )
    }

    private static func authorized(_ request: Request) -> Bool {
        request.headers[.authorization] == "Bearer \(Self.serverToken)"
    }

    static func status(_ code: Int, _ reason: String, _ message: String) -> Response {
        Self.json(
            HTTPResponse.Status(code: code),
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"\(message)\","
                + "\"reason\":\"\(reason)\",\"code\":\(code)}"
        )
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}
