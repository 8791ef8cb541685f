import AgentCore
import Logging
import Testing

/// `--server`: fixed addresses, `dns+` names of replicas, the environment's comma-separated list, and the
/// system resolver the `dns+` form goes through.
@Suite struct ServerEndpointTests {
    @Test func parsesFixedAndDNSEndpoints() throws {
        #expect(ServerEndpoint.parse("10.0.0.1:9090") == .fixed(host: "10.0.0.1", port: 9090))
        #expect(ServerEndpoint.parse("[::1]:9090") == .fixed(host: "::1", port: 9090))
        #expect(
            ServerEndpoint.parse("dns+podwatch-server-replicas.podwatch.svc:9090")
                == .dns(name: "podwatch-server-replicas.podwatch.svc", port: 9090)
        )
        let hostile = [
            "dns+evil\u{0}.example:9090", "bad host:9090", "tab\there:1", "\u{1B}[31m:9090",
            "dns+" + String(repeating: "a", count: 254) + ":9090", "naïve:9090", "host:-1",
            "host:9090000000000000000000",
        ]
        for bad in ["", "host", "host:0", "host:70000", "dns+", "dns+:9090", "dns+name", ":9090"] + hostile {
            #expect(ServerEndpoint.parse(bad) == nil, "\(bad)")
        }
        #expect(ServerEndpoint.dns(name: "a", port: 1).description == "dns+a:1")
        #expect(ServerEndpoint.fixed(host: "::1", port: 2).description == "[::1]:2")
    }

    @Test func listsAreSplitDeduplicatedAndBounded() throws {
        let endpoints = try ServerEndpoint.parseAll(["a:1, b:2", "a:1", "dns+c:3"])
        #expect(endpoints == [.fixed(host: "a", port: 1), .fixed(host: "b", port: 2), .dns(name: "c", port: 3)])
        #expect(throws: ServerEndpoint.Malformed.self) { try ServerEndpoint.parseAll(["a:1", "b"]) }
        #expect(throws: ServerEndpoint.Malformed.self) {
            try ServerEndpoint.parseAll((1...17).map { "host-\($0):9090" })
        }
        do {
            _ = try ServerEndpoint.parseAll(["ok:1", "not an address"])
        } catch {
            #expect(error.description == "--server: 'not an address' is not HOST:PORT or dns+NAME:PORT")
        }
        // What is refused is shown without its control characters.
        do {
            _ = try ServerEndpoint.parseAll(["evil\u{1B}[2J:1"])
        } catch {
            #expect(error.description == "--server: 'evil?[2J:1' is not HOST:PORT or dns+NAME:PORT")
        }
    }

    @Test func resolvesThroughTheSystemResolver() async throws {
        #expect(try await AddressResolver.resolve("127.0.0.1") == ["127.0.0.1"])
        #expect(try await AddressResolver.resolve("localhost").contains("127.0.0.1"))
        await #expect(throws: AddressResolver.Failure.self) {
            try await AddressResolver.resolve("no-such-replica.invalid")
        }
    }
}

/// What the replicas are, from the endpoints and the resolver's answers: a name that resolves to many addresses
/// gets at most 16 connections, a failed answer keeps the replicas there are, TLS checks the name.
@Suite struct ReplicaSetTests {
    static func replicas(
        _ endpoints: [ServerEndpoint],
        answer: @escaping @Sendable (String) throws -> [String]
    ) -> UplinkReplicas {
        UplinkReplicas(
            endpoints: endpoints,
            base: UplinkConfiguration(host: "", port: 0, nodeName: "n"),
            tls: nil,
            fanout: SnapshotFanout(),
            commands: { _ in .refusing("none") },
            resolve: { try answer($0) },
            logger: .init(label: "test")
        )
    }

    struct Unresolvable: Error {}

    @Test func aNameWithManyAddressesGetsAtMostSixteen() async {
        let uplink = Self.replicas([.dns(name: "replicas", port: 9090), .fixed(host: "10.0.0.1", port: 9090)]) { _ in
            (1...40).map { "10.1.0.\($0)" }
        }
        var failing: Set<String> = []
        let wanted = await uplink.replicas(failing: &failing, current: [])
        #expect(wanted.count == 17)
        #expect(wanted["10.0.0.1:9090"]?.tlsName == nil)
        #expect(wanted["10.1.0.1:9090"]?.tlsName == "replicas")
        #expect(wanted.values.filter { $0.tlsName == "replicas" }.count == ServerEndpoint.maximum)
    }

    @Test func aFailedAnswerKeepsTheReplicasThereAre() async {
        let uplink = Self.replicas([.dns(name: "replicas", port: 9090)]) { _ in throw Unresolvable() }
        var failing: Set<String> = []
        let kept = await uplink.replicas(failing: &failing, current: ["10.1.0.7:9090", "[fd00::1]:9090", "10.1.0.8:1"])
        #expect(Set(kept.keys) == ["10.1.0.7:9090", "[fd00::1]:9090"])
        #expect(kept["[fd00::1]:9090"]?.host == "fd00::1")
        #expect(failing == ["replicas"])
    }
}
