import Ingest
import KernelStats
import NIOCore
import NodeStore
import ServerCore
import ServerTesting
import Telemetry
import Testing
import Wire

/// Frame-level behaviour of ingest against a real server on loopback.
@Suite(.serialized) struct IngestTests {
    static func snapshot(node: String = "payload-says-this", load: Double = 0.5) -> Snapshot {
        var snapshot = Snapshot()
        snapshot.node = node
        snapshot.host.load = try? LoadAvg(parsing: "\(load) 0.2 0.1 1/100 42\n")
        return snapshot
    }

    @Test func wrongTokenIsRejectedAndTheNodeNeverAppears() async throws {
        let server = try await TestServer()
        let replies = try await RawClient.session(port: server.ingestPort) { client in
            // Like a real agent, nothing is sent before the answer to Hello.
            try await client.send(RawClient.hello(node: "intruder", token: "guess"))
            return try await client.frames().map(Describe.init)
        }
        #expect(replies.map(\.text) == ["reject(badToken)"])  // and then the server closed the connection
        #expect(server.server.cache.all().isEmpty)
        #expect(server.server.counters.values.connectionsRejected == 1)
        await server.stop()
    }

    @Test func snapshotsAreBoundToTheNodeNamedInHello() async throws {
        let server = try await TestServer()
        try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "alpha", token: "t0ken"))
            try await client.send(.snapshot(Self.snapshot(node: "evil")))
            try await server.eventually("alpha appears") { server.server.cache.node("alpha") != nil }
        }
        #expect(server.server.cache.node("evil") == nil)
        #expect(server.server.cache.node("alpha")?.snapshot.node == "alpha")
        await server.stop()
    }

    @Test func aHostileFrameClosesOnlyItsConnection() async throws {
        let server = try await TestServer()
        let port = server.ingestPort
        try await RawClient.session(port: port) { good in
            try await good.send(RawClient.hello(node: "good", token: "t0ken"))
            try await good.send(.snapshot(Self.snapshot(load: 1)))
            try await server.eventually("good appears") { server.server.cache.node("good") != nil }

            // A length far over the maximum: refused from the prefix alone.
            let oversize = try await RawClient.session(port: port) { client in
                var huge = ByteBuffer()
                huge.writeInteger(UInt32.max, endianness: .big)
                try await client.send(huge)
                return try await client.frames().count
            }
            #expect(oversize == 0)
            // Random bytes, and a frame cut short.
            try await RawClient.session(port: port) { client in
                try await client.send(ByteBuffer(bytes: (0..<64).map { _ in UInt8.random(in: 0...255) }))
            }
            try await RawClient.session(port: port) { client in
                var half = ByteBuffer()
                FrameEncoder.write(RawClient.hello(node: "half", token: "t0ken").frame(), to: &half)
                try await client.send(half.getSlice(at: 0, length: half.readableBytes - 3) ?? ByteBuffer())
            }
            // A snapshot before Hello.
            let early = try await RawClient.session(port: port) { client in
                try await client.send(.snapshot(Self.snapshot()))
                return try await client.frames().count
            }
            #expect(early == 0)

            try await server.eventually("malformed frames counted") {
                server.server.counters.values.malformedFrames >= 2
            }
            // The good connection still works and the web still answers.
            try await good.send(.snapshot(Self.snapshot(load: 7)))
            try await server.eventually("good's new snapshot") {
                server.server.cache.node("good")?.snapshot.host.load?.load1 == 7
            }
        }
        #expect(try await server.get("/healthz").status == 200)
        #expect(server.server.cache.node("half") == nil)
        await server.stop()
    }

    @Test func unknownMessageTypesAreSkipped() async throws {
        let server = try await TestServer()
        try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "future", token: "t0ken"))
            var unknown = ByteBuffer()
            FrameEncoder.write(
                Frame(type: FrameType(rawValue: 99), payload: ByteBuffer(string: "a newer agent's message")),
                to: &unknown
            )
            try await client.send(unknown)
            try await client.send(.snapshot(Self.snapshot()))
            try await server.eventually("future appears") { server.server.cache.node("future") != nil }
        }
        #expect(server.server.counters.values.malformedFrames == 0)
        await server.stop()
    }

    @Test func aSecondConnectionForANodeReplacesTheFirst() async throws {
        let server = try await TestServer()
        let port = server.ingestPort
        let firstFrames = try await RawClient.session(port: port) { first in
            try await first.send(RawClient.hello(node: "twin", token: "t0ken"))
            try await server.eventually("first registered") { server.server.registry.connectedNodes.contains("twin") }
            try await RawClient.session(port: port) { second in
                try await second.send(RawClient.hello(node: "twin", token: "t0ken"))
                try await server.eventually("replaced") { server.server.counters.values.sessionsReplaced == 1 }
                try await second.send(.snapshot(Self.snapshot(load: 3)))
                try await server.eventually("second's snapshot") {
                    server.server.cache.node("twin")?.snapshot.host.load?.load1 == 3
                }
            }
            // The first connection was closed by the server: its stream ends after the Welcome.
            return try await first.frames().count
        }
        #expect(firstFrames == 1)
        await server.stop()
    }

    @Test func aSilentConnectionIsClosed() async throws {
        let server = try await TestServer(silence: .milliseconds(400))
        let started = ContinuousClock.now
        let frames = try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "mute", token: "t0ken"))
            return try await client.frames().map(Describe.init).map(\.text)
        }
        #expect(frames == ["welcome"])  // then nothing from the agent: the server hung up
        #expect(ContinuousClock.now - started < .seconds(5))
        try await server.eventually("mute disconnected") { !server.server.registry.connectedNodes.contains("mute") }
        await server.stop()
    }

    @Test func aSilentNodeGoesStaleAndStaysVisible() async throws {
        let server = try await TestServer(ttl: .milliseconds(300))
        try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "quiet", token: "t0ken"))
            try await client.send(.snapshot(Self.snapshot()))
            try await server.eventually("quiet appears") { server.server.cache.node("quiet") != nil }
        }
        try await server.eventually("quiet is stale") { server.server.cache.node("quiet")?.isStale == true }
        let overview = try await server.get("/fragments/overview")
        #expect(overview.body.contains("no data since"))
        #expect(overview.body.contains("quiet"))
        await server.stop()
    }
}

/// A message as comparable text.
struct Describe: Sendable {
    var text: String

    init(_ message: WireMessage) {
        switch message {
        case .reject(let reject): self.text = "reject(\(reject.reason))"
        case .welcome: self.text = "welcome"
        case .hello: self.text = "hello"
        case .heartbeat: self.text = "heartbeat"
        case .snapshot: self.text = "snapshot"
        case .command(let command): self.text = "command(\(command.id))"
        case .commandResult(let result, let final): self.text = "result(\(result.id), \(result.state), final: \(final))"
        case .unknown(let type): self.text = "unknown(\(type.rawValue))"
        }
    }
}
