import Foundation
import Ingest
import NIOCore
import NIOPosix
import NodeStore
import ServerCore
import ServerTesting
import Synchronization
import TLSTesting
import Testing
import Wire

/// TLS on the real ingest port: the right CA connects; a wrong CA and a plain client are refused on both sides
/// with a clear error and nothing else lost; and an agent sends nothing readable — not its token — to a server
/// that has not proved itself.
@Suite struct IngestTLSTests {
    static let token = "tls-test-token-0123456789"

    static func server(_ certificates: TestCertificates) async throws -> TestServer {
        try await TestServer(token: Self.token) {
            $0.tlsCertificateChain = certificates.serverCertificate
            $0.tlsPrivateKey = certificates.serverKey
        }
    }

    /// Hello over a TLS connection; the server's first answer.
    static func hello(port: Int, host: String, ca: String) async throws -> String {
        let tls = ClientTLS(context: try IngestTLS.clientContext(trustRoots: ca))
        let channel = try await FramedChannel.connect(host: host, port: port, tls: tls)
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(RawClient.hello(node: "alpha", token: Self.token).frame())
            var frames = inbound.makeAsyncIterator()
            guard let frame = try await frames.next() else { return "closed" }
            return Describe(try WireMessage.decode(frame)).text
        }
    }

    @Test func theRightCAConnectsByNameAndByAddress() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try await Self.server(certificates)
        #expect(try await Self.hello(port: server.ingestPort, host: "localhost", ca: certificates.ca) == "welcome")
        #expect(try await Self.hello(port: server.ingestPort, host: "127.0.0.1", ca: certificates.ca) == "welcome")
        #expect(server.server.counters.values.tlsHandshakesFailed == 0)
        await server.stop()
    }

    @Test func unusableFilesAreRefusedNamingTheFlag() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let garbage = certificates.path("garbage.pem")
        try Data([0x2D, 0x2D, 0x00, 0xFF, 0x0A] + Array(repeating: 0x41, count: 100_000)).write(
            to: URL(fileURLWithPath: garbage)
        )
        let ca = #expect(throws: IngestTLS.Failure.self) { try IngestTLS.clientContext(trustRoots: garbage) }
        #expect(ca?.description.hasPrefix("--tls-ca \(garbage)") == true)
        let missing = #expect(throws: IngestTLS.Failure.self) {
            try IngestTLS.serverContext(certificateChain: "/nonexistent.pem", privateKey: certificates.serverKey)
        }
        #expect(missing?.description.hasPrefix("--tls-cert /nonexistent.pem") == true)
        let key = #expect(throws: IngestTLS.Failure.self) {
            try IngestTLS.serverContext(certificateChain: certificates.serverCertificate, privateKey: garbage)
        }
        #expect(key?.description.hasPrefix("--tls-key") == true)
    }

    @Test func aWrongCAIsRefusedOnBothSides() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try await Self.server(certificates)
        await #expect(throws: (any Error).self) {
            _ = try await Self.hello(port: server.ingestPort, host: "localhost", ca: certificates.otherCA)
        }
        do {
            _ = try await Self.hello(port: server.ingestPort, host: "localhost", ca: certificates.otherCA)
        } catch {
            #expect(IngestTLS.isTLSFailure(error), "the agent's error says TLS: \(error)")
        }
        try await server.eventually("the server counted the failed handshakes") {
            server.server.counters.values.tlsHandshakesFailed == 2
        }
        #expect(server.server.counters.values.connectionsAccepted == 0 && server.server.cache.all().isEmpty)
        // The server carries on: the right CA still connects.
        #expect(try await Self.hello(port: server.ingestPort, host: "localhost", ca: certificates.ca) == "welcome")
        await server.stop()
    }

    @Test func aPlainClientIsRefusedAndCounted() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try await Self.server(certificates)
        let reply = try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "plain", token: Self.token))
            var bytes: [UInt8] = []
            for try await chunk in client.inbound { bytes += Array(chunk.readableBytesView) }
            return bytes
        }
        // No Welcome or Reject: a TLS alert record (content type 21), then the server closed the connection.
        #expect(reply.first == 21)
        try await server.eventually("the server counted the failed handshake") {
            server.server.counters.values.tlsHandshakesFailed == 1
        }
        #expect(server.server.cache.node("plain") == nil)
        await server.stop()
    }

    @Test func nothingReadableReachesAServerThatHasNotProvedItself() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        // Anything listening on the server's address: it records every byte and never answers the handshake.
        let received = Mutex<[UInt8]>([])
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = try #require(listener.channel.localAddress?.port)
        let recording = Task {
            try await listener.executeThenClose { connections in
                for try await connection in connections {
                    try await connection.executeThenClose { inbound, _ in
                        for try await chunk in inbound { received.withLock { $0 += Array(chunk.readableBytesView) } }
                    }
                }
            }
        }
        let tls = ClientTLS(context: try IngestTLS.clientContext(trustRoots: certificates.ca))
        // The agent's own path: connect returns only after the handshake, so the Hello is never even written.
        await #expect(throws: FramedChannel.HandshakeTimedOut.self) {
            _ = try await FramedChannel.connect(host: "127.0.0.1", port: port, tls: tls, handshakeTimeout: .seconds(1))
        }
        // And a write queued before the handshake is held by the TLS layer, never sent in clear.
        let raw = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try FramedChannel.configure(channel, silenceLimit: nil, tls: .client(tls, host: "127.0.0.1"))
                }
            }
        try? await raw.executeThenClose { _, outbound in
            try await outbound.write(RawClient.hello(node: "alpha", token: Self.token).frame())
            try await Task.sleep(for: .milliseconds(500))
        }
        recording.cancel()
        listener.channel.close(promise: nil)
        let bytes = received.withLock { $0 }
        #expect(!bytes.isEmpty)  // the TLS ClientHello
        #expect(String(decoding: bytes, as: UTF8.self).contains(Self.token) == false)
        #expect(String(decoding: bytes, as: UTF8.self).contains("alpha") == false)
    }
}
