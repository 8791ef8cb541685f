import Foundation
import NodeStore
import ServerCore
import ServerTesting
import Telemetry
import Testing
import Wire

/// Command lines that carry secrets, sent over a real ingest session: the pages and the JSON API show `•••`
/// (the server never keeps the value), unless `--show-secrets`, which still hides Podwatch's own flags.
@Suite struct SecretRedactionTests {
    static let pid: Int32 = 4242

    static func snapshot() -> Snapshot {
        var process = ProcessSnapshot()
        process.stat.pid = Self.pid
        process.stat.comm = "redis-server"
        process.cmdline = ["redis-server", "--requirepass", "s3cret", "--masterauth=hunter2"]
        var agent = ProcessSnapshot()
        agent.stat.pid = Self.pid + 1
        agent.stat.comm = "podwatch-agent"
        agent.cmdline = ["podwatch-agent", "run", "--token", "t0k3n-value"]
        var snapshot = Snapshot()
        snapshot.node = "alpha"
        snapshot.containers = [
            ContainerSnapshot(
                identity: ContainerIdentity(
                    podUID: "uid-cache",
                    qosClass: .burstable,
                    runtime: .containerd,
                    containerID: "c1"
                ),
                cgroup: CgroupStats(version: .v2),
                processes: [process, agent]
            )
        ]
        snapshot.pods = [PodMetadata(uid: "uid-cache", namespace: "shop", name: "cache-0", phase: "Running")]
        return snapshot
    }

    /// Every page and answer that shows the process's command line.
    static func answers(_ server: TestServer) async throws -> [String] {
        var bodies: [String] = []
        for path in [
            "/nodes/alpha/pods/shop/cache-0", "/nodes/alpha/processes/\(Self.pid)",
            "/nodes/alpha/processes/\(Self.pid + 1)", "/api/v1/nodes/alpha", "/api/v1/nodes/alpha/pods",
            "/api/v1/nodes/alpha/processes/\(Self.pid)",
        ] {
            let (status, body) = try await server.get(path)
            #expect(status == 200, "\(path)")
            bodies.append(body)
        }
        return bodies
    }

    static func serve(showSecrets: Bool) async throws -> (TestServer, [String]) {
        let server = try await TestServer { $0.showSecrets = showSecrets }
        try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "alpha", token: "t0ken"))
            try await client.send(.snapshot(Self.snapshot()))
            try await server.eventually("alpha appears") { server.server.cache.node("alpha") != nil }
        }
        return (server, try await Self.answers(server))
    }

    @Test func secretLookingValuesNeverReachPagesOrTheAPI() async throws {
        let (server, bodies) = try await Self.serve(showSecrets: false)
        for body in bodies {
            #expect(!body.contains("s3cret") && !body.contains("hunter2") && !body.contains("t0k3n-value"))
            #expect(body.contains("•••"))
        }
        #expect(bodies[1].contains("--requirepass ••• --masterauth=•••"))
        #expect(bodies[1].contains("--show-secrets"))  // the page says why
        await server.stop()
    }

    @Test func showSecretsShowsThemButNotPodwatchsOwnToken() async throws {
        let (server, bodies) = try await Self.serve(showSecrets: true)
        #expect(bodies[1].contains("--requirepass s3cret --masterauth=hunter2"))
        #expect(bodies.allSatisfy { !$0.contains("t0k3n-value") })
        #expect(bodies[2].contains("--token •••"))
        await server.stop()
    }
}
