import Foundation
import Hummingbird
import PodSandbox
import Synchronization
import TLSTesting
import Testing
import Yams

@testable import PodwatchCLI

/// `podwatch install`: the bundled manifests are k8s/'s, `--dry-run` prints objects kubernetes-validate accepts
/// with the user's values in them, and `install` applies each through server-side apply to a fake API server on
/// loopback TLS, authenticated from a kubeconfig.
@Suite struct InstallCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func theBundledManifestsAreTheOnesInK8s() throws {
        for (name, text) in BundledManifests.files {
            let onDisk = try String(contentsOfFile: Self.root + "/k8s/" + name, encoding: .utf8)
            #expect(text == onDisk, "\(name) differs from k8s/\(name): run make manifests")
        }
    }

    @Test func dryRunPrintsValidManifestsWithTheUsersValues() async throws {
        let validator = Self.root + "/.build/deploy-venv/bin/kubernetes-validate"
        try #require(FileManager.default.isExecutableFile(atPath: validator), "run make test-deploy first (its venv)")
        let result = await CLIResult.run(
            [
                "install", "--dry-run", "--namespace", "observability", "--image-registry", "registry.internal/pw",
                "--image-tag", "0.4.0", "--ingress-host", "podwatch.internal",
            ],
            environment: [:]
        )
        #expect(result.code == 0, "\(result.err)")
        let file = NSTemporaryDirectory() + "podwatch-install-\(UUID().uuidString).yaml"
        try result.out.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let validate = try await ChildRun.run(
            [validator, "--strict", "--quiet", file],
            environment: ProcessInfo.processInfo.environment,
            deadline: .seconds(120)
        )
        #expect(validate.status == 0, "\(validate.output)")

        let objects = try Yams.load_all(yaml: result.out).compactMap { $0 as? [String: Any] }
        let kinds = objects.compactMap { $0["kind"] as? String }
        #expect(kinds.first == "Namespace" && kinds.contains("DaemonSet") && kinds.contains("Ingress"))
        let text = result.out
        #expect(!text.contains("namespace: podwatch\n") && !text.contains("podwatch.svc"))
        #expect(text.contains("image: registry.internal/pw/podwatch-agent:0.4.0"))
        #expect(text.contains("image: registry.internal/pw/podwatch-server:0.4.0"))
        #expect(text.contains("--server=dns+podwatch-server-replicas.observability.svc:9090"))
        #expect(text.contains("--tls-server-name=podwatch-server.observability.svc"))
        #expect(text.contains("--agent-service-account=observability:podwatch-agent"))
        #expect(text.contains("host: podwatch.internal"))

        let bad = await CLIResult.run(["install", "--dry-run", "--namespace", "Bad_NS"], environment: [:])
        #expect(bad.code == 64 && bad.err.contains("DNS label"))
    }

    @Test func installAppliesEveryObjectWithServerSideApply() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let api = FakeApplyAPI()
        let app = try await TLSTestApp.start(router: api.router(), certificates: certificates)
        let kubeconfig = certificates.path("kubeconfig")
        try """
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: test
          cluster:
            server: https://127.0.0.1:\(app.port)
            certificate-authority: \(certificates.ca)
        users:
        - name: admin
          user:
            token: admin-token-123
        contexts:
        - name: test
          context: {cluster: test, user: admin}
        """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)

        let result = await CLIResult.run(
            ["install", "--namespace", "mon", "--image-tag", "0.4.0"],
            environment: ["KUBECONFIG": kubeconfig, "HOME": "/nonexistent"]
        )
        #expect(result.code == 0, "\(result.err)")
        let applied = api.requests
        let expected = try ManifestSet(values: .init(namespace: "mon", imageTag: "0.4.0")).objects
        #expect(applied.count == expected.count)
        #expect(applied.allSatisfy { $0.method == "PATCH" && $0.contentType == "application/apply-patch+yaml" })
        #expect(applied.allSatisfy { $0.query == "fieldManager=podwatch&force=true" })
        #expect(applied.allSatisfy { $0.authorization == "Bearer admin-token-123" })
        #expect(applied.first?.path == "/api/v1/namespaces/mon")
        #expect(applied.contains { $0.path == "/apis/apps/v1/namespaces/mon/daemonsets/podwatch-agent" })
        #expect(applied.contains { $0.path == "/apis/rbac.authorization.k8s.io/v1/clusterroles/podwatch-agent" })
        let daemonSet = try #require(applied.first { $0.path.hasSuffix("/daemonsets/podwatch-agent") })
        let body = try #require(try JSONSerialization.jsonObject(with: daemonSet.body) as? [String: Any])
        #expect((body["metadata"] as? [String: Any])?["namespace"] as? String == "mon")
        #expect(result.out.split(separator: "\n").first == "namespace/mon serverside-applied")
        #expect(result.out.contains("daemonset.apps/podwatch-agent serverside-applied"))

        // RBAC the user may not write: the API's 403 names the object, exit 77.
        api.refuse("clusterroles")
        let refused = await CLIResult.run(
            ["install", "--namespace", "mon"],
            environment: ["KUBECONFIG": kubeconfig, "HOME": "/nonexistent"]
        )
        #expect(refused.code == 77)
        #expect(refused.err.contains("clusterrole.rbac.authorization.k8s.io/podwatch-agent"))
        #expect(refused.err.contains("cannot create clusterroles"))
        await app.stop()
    }
}

/// The API server's side of server-side apply: records each PATCH and answers 201 with the object, or 403 with a
/// Status for paths containing a refused word.
final class FakeApplyAPI: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var query: String
        var contentType: String?
        var authorization: String?
        var body: Data
    }

    private let state = Mutex<(requests: [Request], refused: String?)>(([], nil))

    var requests: [Request] { self.state.withLock { $0.requests } }
    func refuse(_ word: String) { self.state.withLock { $0.refused = word } }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let handler: @Sendable (Request) -> Response = { recorded in
            let refused = self.state.withLock { state -> Bool in
                state.requests.append(recorded)
                return state.refused.map { recorded.path.contains($0) } ?? false
            }
            if refused {
                let status =
                    #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"clusterroles is forbidden: User cannot create clusterroles","reason":"Forbidden","code":403}"#
                return Response(
                    status: .forbidden,
                    headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: status))
                )
            }
            return Response(
                status: .created,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: recorded.body))
            )
        }
        for prefix in ["/api/**", "/apis/**"] {
            router.patch(RouterPath(prefix)) { request, _ in
                let body = try await request.body.collect(upTo: 1 << 20)
                return handler(
                    Request(
                        method: "PATCH",
                        path: request.uri.path,
                        query: request.uri.query ?? "",
                        contentType: request.headers[.contentType],
                        authorization: request.headers[.authorization],
                        body: Data(body.readableBytesView)
                    )
                )
            }
        }
        return router
    }
}
