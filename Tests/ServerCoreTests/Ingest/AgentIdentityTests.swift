import Foundation
import Ingest
import KubeClient
import NIOCore
import NIOEmbedded
import NodeStore
import ServerCore
import ServerTesting
import Synchronization
import TLSTesting
import Testing
import Wire

/// `--agent-identity kubernetes`: each agent's projected service-account token, checked with a TokenReview against
/// a fake API server that speaks the real shapes, binds its connection to the node of the token's pod. A node-A
/// token never reports as node B; a rotated token is read again before the next connection.
@Suite struct AgentIdentityTests {
    struct Cluster {
        let certificates: TestCertificates
        let api: FakeTokenReviewAPI
        let server: TestServer

        func stop() async {
            await self.server.stop()
            await self.api.stop()
            self.certificates.remove()
        }
    }

    static func cluster(serviceAccount: String = "podwatch-agent") async throws -> Cluster {
        let certificates = try TestCertificates()
        let api = try await FakeTokenReviewAPI(certificates: certificates)
        let access = ClusterAccess(
            server: api.server,
            trust: .file(certificates.ca),
            credentials: .token(FakeTokenReviewAPI.serverToken)
        )
        let server = try await TestServer(token: nil) {
            $0.agentIdentity = .kubernetes(
                // A generous deadline: the suite runs in parallel on two loaded cores.
                KubernetesAgentIdentity(
                    access: access,
                    namespace: "podwatch",
                    serviceAccount: serviceAccount,
                    deadline: .seconds(30)
                )
            )
        }
        return Cluster(certificates: certificates, api: api, server: server)
    }

    /// The server's first answer to a Hello: "welcome", or the Reject's message.
    static func hello(_ server: TestServer, node: String, token: String) async throws -> String {
        try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: node, token: token))
            switch try await client.frames(limit: 1).first {
            case .welcome: return "welcome"
            case .reject(let reject): return reject.message
            default: return "closed"
            }
        }
    }

    @Test(arguments: [true, false])
    func aNodeATokenReportsAsNodeAAndNeverAsNodeB(nodeInExtra: Bool) async throws {
        let cluster = try await Self.cluster()
        cluster.api.state.withLock { $0.nodeInExtra = nodeInExtra }
        cluster.api.issue("token-a", .init(podName: "podwatch-agent-x7k2p", podUID: "u-a"), node: "node-a")
        cluster.api.issue("token-b", .init(podName: "podwatch-agent-q9z4m", podUID: "u-b"), node: "node-b")

        #expect(try await Self.hello(cluster.server, node: "node-a", token: "token-a") == "welcome")
        let forged = try await Self.hello(cluster.server, node: "node-b", token: "token-a")
        #expect(forged.contains("on node node-a, which may not report as node-b"), "\(forged)")
        #expect(try await Self.hello(cluster.server, node: "node-b", token: "token-b") == "welcome")
        let counters = cluster.server.server.counters.values
        #expect(counters.identitiesRefused == 1 && counters.connectionsRejected == 1)
        // Without the node in the review's extra fields, the server asked for the pod (and only then).
        let gets = cluster.api.state.withLock { $0.podGets }
        #expect(nodeInExtra ? gets.isEmpty : gets.contains("podwatch/podwatch-agent-x7k2p"))
        await cluster.stop()
    }

    @Test func tokensThatProveNothingAreRefusedWithTheReason() async throws {
        let cluster = try await Self.cluster()
        let api = cluster.api
        api.issue(
            "other-account",
            .init(serviceAccount: "builder", podName: "ci-runner", podUID: "u-c"),
            node: "node-a"
        )
        api.issue(
            "other-audience",
            .init(podName: "podwatch-agent-a", podUID: "u-d", audiences: ["vault"]),
            node: "node-a"
        )
        api.issue("pod-gone", .init(podName: "podwatch-agent-gone", podUID: "u-e"), node: "node-a")
        api.issue("pod-replaced", .init(podName: "podwatch-agent-again", podUID: "u-f"), node: "node-a")
        // Between the review and the GET (older clusters name no node in the review) the pod went, or a new pod
        // took its name.
        api.state.withLock { state in
            state.nodeInExtra = false
            state.pods["podwatch/podwatch-agent-gone"] = nil
            state.pods["podwatch/podwatch-agent-again"]?.uid = "u-new"
        }
        let cases = [
            ("forged", "did not accept the token"),
            ("other-account", "belongs to system:serviceaccount:podwatch:builder"),
            ("other-audience", "did not accept the token"),
            ("pod-gone", "no longer exists"),
            ("pod-replaced", "was replaced"),
            ("", "no token"),
        ]
        for (token, reason) in cases {
            let answer = try await Self.hello(cluster.server, node: "node-a", token: token)
            #expect(answer.contains(reason), "\(token): \(answer)")
        }
        #expect(cluster.server.server.counters.values.connectionsAccepted == 0)
        #expect(cluster.server.server.cache.all().isEmpty)
        await cluster.stop()
    }

    /// What a broken or hostile API server answers is checked like any outside input: a username with a newline,
    /// two pod names, no audience, a huge error full of control characters, an answer past 1 MiB.
    @Test func hostileReviewAnswersProveNothing() async throws {
        let cluster = try await Self.cluster()
        func answer(_ status: String) -> String {
            #"{"kind":"TokenReview","apiVersion":"authentication.k8s.io/v1","spec":{"token":"x"},"status":"#
                + status + "}"
        }
        let account = #""username":"system:serviceaccount:podwatch:podwatch-agent""#
        let bound =
            #""extra":{"authentication.kubernetes.io/pod-name":["p"],"authentication.kubernetes.io/node-name":["node-a"]}"#
        let noisy = String(repeating: #"\u001b[31mno\n"#, count: 20_000)
        let cases: [(String, String)] = [
            (
                answer(
                    #"{"authenticated":true,"audiences":["podwatch"],"user":{"username":"system:serviceaccount:podwatch:podwatch-agent\n","#
                        + bound + "}}"
                ),
                "not a service account's"
            ),
            (
                answer(
                    #"{"authenticated":true,"audiences":["podwatch"],"user":{"# + account
                        + #","extra":{"authentication.kubernetes.io/pod-name":["a","b"]}}}"#
                ),
                "not bound to a pod"
            ),
            (answer(#"{"authenticated":true,"user":{"# + account + "," + bound + "}}"), "audience"),
            (answer(#"{"error":""# + noisy + #""}"#), "did not accept the token"),
            (
                answer(#"{"error":""# + String(repeating: "x", count: 1_100_000) + #""}"#),
                "cannot check tokens right now"
            ),
        ]
        for (body, reason) in cases {
            cluster.api.state.withLock { $0.rawReview = body }
            let said = try await Self.hello(cluster.server, node: "node-a", token: "token-a")
            #expect(said.contains(reason), "\(said.prefix(300))")
            #expect(said.utf8.count < 400 && !said.unicodeScalars.contains { $0.value == 0x1B || $0 == "\n" })
        }
        #expect(cluster.server.server.counters.values.connectionsAccepted == 0)
        await cluster.stop()
    }

    @Test func anAPIServerThatCannotBeAskedRefusesAndSaysSo() async throws {
        let cluster = try await Self.cluster()
        cluster.api.issue("token-a", .init(podName: "podwatch-agent-x7k2p", podUID: "u-a"), node: "node-a")
        await cluster.api.stop()
        let answer = try await Self.hello(cluster.server, node: "node-a", token: "token-a")
        #expect(answer.contains("cannot check tokens right now"), "\(answer)")
        #expect(cluster.server.server.counters.values.identitiesUnverified == 1)
        await cluster.stop()
    }

    /// The real agent binary with `--token-file`: the kubelet rotates the projected token (the old one stops
    /// working), the connection drops, and the agent's next Hello carries the new token.
    @Test func theRealAgentPicksUpARotatedTokenOnReconnect() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: AgentBinary.path), "build podwatch-agent first")
        let cluster = try await Self.cluster()
        let pod = FakeTokenReviewAPI.Issued(podName: "podwatch-agent-r0t8x", podUID: "u-r")
        cluster.api.issue("token-one", pod, node: "node-rotating")
        let tokenFile = cluster.certificates.path("token")
        try "token-one\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let agent = try AgentBinary.start([
            "run", "--server", "127.0.0.1:\(cluster.server.ingestPort)", "--insecure", "--token-file", tokenFile,
            "--node-name", "node-rotating", "--interval", "1s", "--no-profiling",
        ])
        defer { agent.terminate() }
        let server = cluster.server
        try await server.eventually("the agent connected with its first token") {
            server.server.cache.node("node-rotating") != nil
        }

        cluster.api.issue("token-two", pod, node: "node-rotating")
        try "token-two\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        cluster.api.revoke("token-one")
        server.server.registry.closeAll()
        try await server.eventually("the agent reconnected with the rotated token") {
            server.server.counters.values.connectionsAccepted == 2
        }
        let reviews = cluster.api.state.withLock { $0.reviews }
        #expect(reviews.first == "token-one" && reviews.last == "token-two", "\(reviews)")
        #expect(server.server.counters.values.identitiesRefused == 0)
        await AgentBinary.stop(agent)
        await cluster.stop()
    }
}

/// The podwatch-agent built next to this test bundle, started with its output discarded (never a pipe that a
/// reader would wait on).
enum AgentBinary {
    static var path: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("podwatch-agent")
            .path
    }

    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["KUBERNETES_SERVICE_HOST", "PODWATCH_KUBECONFIG", "PODWATCH_TOKEN", "PODWATCH_SERVER"] {
            environment[name] = nil
        }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// SIGTERM, then SIGKILL if it is still there after 30 s; polled, not `waitUntilExit`, which would hold one of
    /// the tests' two cooperative threads.
    static func stop(_ process: Process) async {
        process.terminate()
        for _ in 0..<1_500 where process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Only the identity that holds a node may replace its connection; the replaced connection is closed.
@Suite struct SessionRegistryIdentityTests {
    @Test func anotherIdentityCannotTakeANodeOver() async throws {
        let registry = SessionRegistry()
        let (first, second, intruder) = (EmbeddedChannel(), EmbeddedChannel(), EmbeddedChannel())
        for channel in [first, second, intruder] {
            try await channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 9090)).get()
        }
        guard case .registered(_, nil) = registry.register(node: "node-a", identity: "agent on node-a", channel: first)
        else {
            Issue.record("the first connection was not registered")
            return
        }
        #expect(
            registry.register(node: "node-a", identity: "someone else", channel: intruder)
                == .heldByAnother("agent on node-a")
        )
        #expect(first.isActive && intruder.isActive)
        guard
            case .registered(_, .some) = registry.register(node: "node-a", identity: "agent on node-a", channel: second)
        else {
            Issue.record("the same identity could not replace its connection")
            return
        }
        #expect(!first.isActive && second.isActive)
    }
}
