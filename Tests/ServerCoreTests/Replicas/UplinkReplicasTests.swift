import AgentCore
import KernelStats
import Logging
import NodeStore
import ServerCore
import ServerTesting
import ServiceLifecycle
import Synchronization
import Telemetry
import Testing
import Wire

/// An agent's uplink to several server replicas, against real servers on loopback: every replica gets the
/// node over its own connection, one going away costs the others nothing, one coming back is streamed to again,
/// and `dns+` replicas follow what the name resolves to.
@Suite(.serialized) struct UplinkReplicasTests {
    static let node = "replicated"

    /// Snapshots every 200 ms into `fanout`, and the uplink, until cancelled.
    static func agent(_ uplink: UplinkReplicas, _ fanout: SnapshotFanout) -> Task<Void, any Error> {
        var logger = Logger(label: "replicas-agent")
        logger.logLevel = .critical
        let feeder = Feeder(fanout: fanout)
        let group = ServiceGroup(services: [feeder, uplink], logger: logger)
        return Task { try await group.run() }
    }

    struct Feeder: Service {
        let fanout: SnapshotFanout

        func run() async throws {
            var pass = 0.0
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                pass += 1
                var snapshot = Snapshot()
                snapshot.node = UplinkReplicasTests.node
                snapshot.host.load = try? LoadAvg(parsing: "\(pass) 0.2 0.1 1/100 42\n")
                self.fanout.put(snapshot)
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    static func uplink(
        _ endpoints: [ServerEndpoint],
        _ fanout: SnapshotFanout,
        resolve: @escaping UplinkReplicas.Resolve = AddressResolver.resolve
    ) -> UplinkReplicas {
        var logger = Logger(label: "replicas-uplink")
        logger.logLevel = .critical
        return UplinkReplicas(
            endpoints: endpoints,
            base: UplinkConfiguration(host: "", port: 0, token: "t0ken", nodeName: Self.node),
            tls: nil,
            fanout: fanout,
            commands: { _ in .refusing("no commands in this test") },
            resolve: resolve,
            resolveInterval: .milliseconds(500),
            logger: logger
        )
    }

    /// The load the replica last received from the node (it grows by one per snapshot).
    static func load(_ server: TestServer) -> Double? {
        server.server.cache.node(Self.node)?.snapshot.host.load?.load1
    }

    static func connected(_ server: TestServer) -> Bool {
        server.server.cache.node(Self.node)?.isConnected == true
    }

    @Test func everyReplicaGetsTheNodeAndOneAwayCostsTheOthersNothing() async throws {
        let a = try await TestServer()
        var b = try await TestServer()
        let portB = b.ingestPort
        let fanout = SnapshotFanout()
        let agent = Self.agent(
            Self.uplink(
                [.fixed(host: "127.0.0.1", port: a.ingestPort), .fixed(host: "127.0.0.1", port: portB)],
                fanout
            ),
            fanout
        )
        for server in [a, b] {
            try await server.eventually("the node on both replicas") { Self.load(server) != nil }
        }
        // Each replica is its own keyframe/delta stream: both hold the same newest values.
        try await a.eventually("both replicas at the same snapshot") {
            let (x, y) = (Self.load(a), Self.load(b))
            return x != nil && x == y
        }
        await b.stop()
        // Replica B is gone: A keeps getting every snapshot.
        let before = Self.load(a) ?? 0
        try await a.eventually("A still streamed to") { (Self.load(a) ?? 0) >= before + 5 }
        // B comes back on the same address: the agent streams to it again, from a keyframe.
        b = try await TestServer { $0.ingestPort = portB }
        try await b.eventually("the node on the returning replica", timeout: .seconds(20)) { Self.connected(b) }
        #expect(Self.connected(a))
        agent.cancel()
        _ = try? await agent.value
        await a.stop()
        await b.stop()
    }

    @Test func dnsReplicasFollowTheAnswers() async throws {
        let a = try await TestServer()
        let port = a.ingestPort
        let b = try await TestServer {
            $0.host = "127.0.0.2"
            $0.ingestPort = port
        }
        let answers = Mutex<[String]>(["127.0.0.1"])
        let fanout = SnapshotFanout()
        let agent = Self.agent(
            Self.uplink([.dns(name: "podwatch-replicas.test", port: port)], fanout) { name in
                #expect(name == "podwatch-replicas.test")
                return answers.withLock { $0 }
            },
            fanout
        )
        try await a.eventually("the node on the one replica resolved") { Self.connected(a) }
        #expect(Self.load(b) == nil)
        answers.withLock { $0 = ["127.0.0.1", "127.0.0.2"] }
        try await b.eventually("the node on the replica that appeared") { Self.connected(b) }
        // An empty answer (a DNS hiccup) drops nothing.
        answers.withLock { $0 = [] }
        try await Task.sleep(for: .seconds(1))
        let during = (Self.load(a) ?? 0, Self.load(b) ?? 0)
        try await b.eventually("both still streamed to") {
            (Self.load(a) ?? 0) >= during.0 + 3 && (Self.load(b) ?? 0) >= during.1 + 3
        }
        #expect(fanout.replicas == ["127.0.0.1:\(port)", "127.0.0.2:\(port)"])
        // A gone from the answer: its connection closes, B's stays.
        answers.withLock { $0 = ["127.0.0.2"] }
        try await a.eventually("the replica gone from DNS let go") { !Self.connected(a) }
        #expect(Self.connected(b))
        #expect(fanout.replicas == ["127.0.0.2:\(port)"])
        agent.cancel()
        _ = try? await agent.value
        await a.stop()
        await b.stop()
    }
}
