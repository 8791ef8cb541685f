import Foundation
import Ingest
import KernelStats
import NIOCore
import NodeStore
import ServerCore
import ServerTesting
import Telemetry
import Testing
import Wire

/// Ingest against peers that are not agents, or agents that send what no agent should (security review H1, H3,
/// M5, M7), on a real server over loopback: each is refused or closed, counted, and the server stays up.
@Suite(.serialized) struct HostileIngestTests {
    /// The reproduced crash loop: a keyframe with `load1 = 1e17` after a good one. Refused with its reason, the
    /// node keeps its last good snapshot, every page renders.
    @Test func anAbsurdLoadIsRefusedWithItsReasonAndTheLastGoodSnapshotStays() async throws {
        let server = try await TestServer()
        let replies = try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "liar", token: "t0ken"))
            try await client.send(.snapshot(IngestTests.snapshot(load: 2)))
            try await server.eventually("liar's good snapshot") { server.server.cache.node("liar") != nil }
            var absurd = IngestTests.snapshot(load: 2)
            absurd.host.load?.load1 = 1e17
            try await client.send(.snapshot(absurd))
            return try await client.frames()
        }
        let reject = replies.compactMap { message -> Podwatch_V1_Reject? in
            if case .reject(let reject) = message { return reject }
            return nil
        }.first
        #expect(reject?.reason == .snapshotRefused)
        #expect(reject?.message.contains("host.load.load1") == true && reject?.message.contains("1e+17") == true)
        let values = server.server.counters.values
        #expect(values.snapshotsRefused == 1 && values.malformedFrames == 0)
        #expect(values.recentRefusals.map(\.field) == ["host.load.load1"])
        #expect(server.server.cache.node("liar")?.snapshot.host.load?.load1 == 2)
        for path in [
            "/", "/fragments/overview", "/nodes/liar", "/nodes/liar/fragment", "/api/v1/nodes", "/api/v1/server",
        ] {
            #expect(try await server.get(path).status == 200, "\(path)")
        }
        #expect(try await server.get("/api/v1/server").body.contains("\"snapshotsRefused\":1"))
        let page = try await server.get("/nodes/liar").body
        #expect(page.contains("was refused") && page.contains("host.load.load1"))
        await server.stop()
    }

    /// Before authentication: a compressed Hello (it would be inflated for anyone), a Hello over 4 KB, and a
    /// frame that is not Hello are each closed without an answer and counted.
    @Test func beforeHelloOnlyASmallUncompressedHelloIsRead() async throws {
        let server = try await TestServer(token: "t0ken")
        let port = server.ingestPort
        var compressed = RawClient.hello(node: "zip", token: "t0ken").frame()
        compressed.payload = Compression.deflate(compressed.payload)
        compressed.flags = [.compressed]
        var big = Podwatch_V1_Hello()
        big.protocolVersion = WireMessage.protocolVersion
        big.nodeName = "big"
        big.token = String(repeating: "t", count: 5_000)
        for frame in [compressed, WireMessage.hello(big).frame()] {
            let replies = try await RawClient.session(port: port) { client in
                var bytes = ByteBuffer()
                FrameEncoder.write(frame, to: &bytes)
                try await client.send(bytes)
                return try await client.frames().count
            }
            #expect(replies == 0)
        }
        try await server.eventually("both counted") { server.server.counters.values.malformedFrames == 2 }
        #expect(server.server.cache.all().isEmpty)
        await server.stop()
    }

    @Test func aConnectionThatSendsNoHelloIsClosedAtItsDeadline() async throws {
        let server = try await TestServer { $0.helloTimeout = .milliseconds(300) }
        let started = ContinuousClock.now
        let replies = try await RawClient.session(port: server.ingestPort) { client in
            try await client.frames().count  // says nothing; the server hangs up
        }
        #expect(replies == 0 && ContinuousClock.now - started < .seconds(5))
        try await server.eventually("counted") { server.server.counters.values.handshakeTimeouts == 1 }
        // An agent that says Hello in time is not cut off by the deadline. Welcomed first: on a loaded machine the
        // shared event loop may read the Hello only after 300 ms, and then reads it before it runs the deadline.
        try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "prompt", token: "t0ken"))
            let welcome = try await client.frames(limit: 1)
            guard case .welcome = welcome.first else { throw TestFailure("not welcomed: \(welcome)") }
            try await Task.sleep(for: .milliseconds(600))
            try await client.send(.snapshot(IngestTests.snapshot()))
            try await server.eventually("prompt's snapshot") { server.server.cache.node("prompt") != nil }
        }
        await server.stop()
    }

    @Test func connectionsPastThePerAddressCapAreClosedAtOnce() async throws {
        let server = try await TestServer { $0.maximumConnectionsPerAddress = 2 }
        let port = server.ingestPort
        try await RawClient.session(port: port) { first in
            try await first.send(RawClient.hello(node: "a", token: "t0ken"))
            try await RawClient.session(port: port) { second in
                try await second.send(RawClient.hello(node: "b", token: "t0ken"))
                try await server.eventually("both connected") { server.server.registry.connectedNodes.count == 2 }
                // Closed on accept: no answer, or a reset when the Hello was already on its way.
                let third =
                    (try? await RawClient.session(port: port) { third in
                        try await third.send(RawClient.hello(node: "c", token: "t0ken"))
                        return try await third.frames().count
                    }) ?? 0
                #expect(third == 0)
                #expect(server.server.counters.values.connectionsOverLimit == 1)
            }
        }
        // Places are given back when connections close.
        // (Until the server has seen the others close, a new one is still closed at once: then try again.)
        try await server.eventually("places back") {
            (try? await RawClient.session(port: port) { client in
                try await client.send(RawClient.hello(node: "d", token: "t0ken"))
                return try await client.frames(limit: 1).map(Describe.init).map(\.text) == ["welcome"]
            }) ?? false
        }
        await server.stop()
    }

    @Test func aNewNodePastTheNodeCapIsRefusedAndAKnownOneStillReconnects() async throws {
        let server = try await TestServer { $0.maximumNodes = 1 }
        let port = server.ingestPort
        try await RawClient.session(port: port) { client in
            try await client.send(RawClient.hello(node: "first", token: "t0ken"))
            try await client.send(.snapshot(IngestTests.snapshot()))
            try await server.eventually("first appears") { server.server.cache.node("first") != nil }
        }
        let second = try await RawClient.session(port: port) { client in
            try await client.send(RawClient.hello(node: "second", token: "t0ken"))
            return try await client.frames().map(Describe.init).map(\.text)
        }
        #expect(second == ["reject(serverFull)"])
        let again = try await RawClient.session(port: port) { client in
            try await client.send(RawClient.hello(node: "first", token: "t0ken"))
            return try await client.frames(limit: 1).map(Describe.init).map(\.text)
        }
        #expect(again == ["welcome"])
        await server.stop()
    }

    /// Slowloris on the web port: a request head that never completes is closed at the request deadline, even
    /// though bytes keep arriving (which resets the idle timeout).
    @Test func aWebRequestThatNeverCompletesIsClosed() async throws {
        let server = try await TestServer { $0.httpRequestTimeout = .milliseconds(500) }
        let started = ContinuousClock.now
        let closed = try await RawClient.session(port: server.httpPort) { client in
            try await client.send(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: x\r\n"))
            let drip = Task {
                for _ in 0..<20 {
                    try await Task.sleep(for: .milliseconds(200))
                    try await client.send(ByteBuffer(string: "X-Slow: 1\r\n"))
                }
            }
            defer { drip.cancel() }
            do {
                for try await _ in client.inbound {}
            } catch {
                // Closed with our bytes unread: a reset is the server hanging up too.
            }
            return true
        }
        // The drip keeps going for 4 s and the idle timeout is 30 s: only the request deadline closes it sooner.
        #expect(closed && ContinuousClock.now - started < .seconds(10))
        #expect(try await server.get("/healthz").status == 200)
        await server.stop()
    }
}
