public import NIOCore
import NIOPosix
public import Wire

/// A client that speaks raw bytes, to send anything at all to the ingest port. Used inside `session`,
/// which closes the connection when the body returns.
public struct RawClient: Sendable {
    public let inbound: NIOAsyncChannelInboundStream<ByteBuffer>
    public let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    public let channel: any Channel

    public static func session<T: Sendable>(port: Int, _ body: (RawClient) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(RawClient(inbound: inbound, outbound: outbound, channel: channel.channel))
        }
    }

    public func send(_ bytes: ByteBuffer) async throws {
        try await self.outbound.write(bytes)
    }

    public func send(_ message: WireMessage) async throws {
        var bytes = ByteBuffer()
        FrameEncoder.write(message.frame(), to: &bytes)
        try await self.send(bytes)
    }

    /// Reads frames until the server closes the connection (or `limit` frames arrived).
    public func frames(limit: Int = 10) async throws -> [WireMessage] {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer()
        var result: [WireMessage] = []
        for try await chunk in self.inbound {
            var chunk = chunk
            buffer.writeBuffer(&chunk)
            while let frame = try decoder.decode(buffer: &buffer) {
                result.append(try WireMessage.decode(frame))
                if result.count >= limit { return result }
            }
        }
        return result
    }

    public static func hello(node: String, token: String) -> WireMessage {
        var hello = Podwatch_V1_Hello()
        hello.protocolVersion = WireMessage.protocolVersion
        hello.nodeName = node
        hello.token = token
        return .hello(hello)
    }
}
