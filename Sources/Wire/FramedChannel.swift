public import NIOCore
import NIOPosix
public import NIOSSL

/// The channel both ends of a session speak over (docs/wire-protocol.md): frames in and out, and a peer that sends
/// nothing for `silenceLimit` (three heartbeats) closed. The agent, the simulator and the server's ingest set up
/// their connections here, so the pipeline is written once.
public enum FramedChannel: Sendable {
    /// Adds the session's handlers to a fresh channel and wraps it for async use. Call on the channel's event
    /// loop (a bootstrap's channel initializer).
    ///
    /// With `tls`, TLS comes first: frames are written only after the handshake, so nothing (not the Hello with
    /// its token) leaves before the peer has proved itself.
    public static func configure(
        _ channel: any Channel,
        decoder: FrameDecoder = FrameDecoder(),
        silenceLimit: TimeAmount? = Heartbeat.silenceLimit,
        tls: TLSSide? = nil
    ) throws -> NIOAsyncChannel<Frame, Frame> {
        let pipeline = channel.pipeline.syncOperations
        switch tls {
        case .server(let context):
            try pipeline.addHandler(NIOSSLServerHandler(context: context))
        case .client(let client, let host):
            // A name is checked against the certificate's DNS names (and sent as SNI); an IP address against its
            // IP addresses.
            let name = client.serverName ?? ((try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil)
            try pipeline.addHandler(NIOSSLClientHandler(context: client.context, serverHostname: name))
        case nil:
            break
        }
        if let silenceLimit {
            try pipeline.addHandler(IdleStateHandler(readTimeout: silenceLimit))
            try pipeline.addHandler(IdleCloseHandler())
        }
        try pipeline.addHandler(ByteToMessageHandler(decoder))
        try pipeline.addHandler(MessageToByteHandler(FrameEncoder()))
        return try NIOAsyncChannel<Frame, Frame>(wrappingChannelSynchronously: channel)
    }

    /// Connects to a server's ingest port as an agent does (TCP keepalive on, 5 s to connect). With `tls`, returns
    /// once the handshake has succeeded, or throws its error (an untrusted certificate, a plain server) or
    /// ``HandshakeTimedOut`` after `handshakeTimeout` (something that accepts connections and never answers).
    public static func connect(
        host: String,
        port: Int,
        silenceLimit: TimeAmount? = Heartbeat.silenceLimit,
        tls: ClientTLS? = nil,
        handshakeTimeout: TimeAmount = .seconds(10)
    ) async throws -> NIOAsyncChannel<Frame, Frame> {
        let (channel, handshake) = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    () throws -> (NIOAsyncChannel<Frame, Frame>, EventLoopFuture<Void>?) in
                    let framed = try Self.configure(
                        channel,
                        silenceLimit: silenceLimit,
                        tls: tls.map { .client($0, host: host) }
                    )
                    guard tls != nil else { return (framed, nil) }
                    let promise = channel.eventLoop.makePromise(of: Void.self)
                    let timeout = channel.eventLoop.scheduleTask(in: handshakeTimeout) {
                        promise.fail(HandshakeTimedOut(seconds: handshakeTimeout.nanoseconds / 1_000_000_000))
                    }
                    promise.futureResult.whenComplete { _ in timeout.cancel() }
                    // Right after the TLS handler, before the framing: it sees the handshake's event and errors.
                    try channel.pipeline.syncOperations.addHandler(
                        TLSHandshakeWaiter(promise: promise),
                        position: .after(try channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self))
                    )
                    return (framed, promise.futureResult)
                }
            }
        if let handshake {
            do {
                try await handshake.get()
            } catch {
                try? await channel.channel.close()
                throw error
            }
        }
        return channel
    }

    /// The server accepted the connection but did not complete a TLS handshake in time.
    public struct HandshakeTimedOut: Error, CustomStringConvertible {
        public var seconds: Int64
        public var description: String { "no TLS handshake from the server within \(self.seconds) s" }
    }

    /// Which end of a TLS connection a channel is.
    public enum TLSSide: Sendable {
        case server(NIOSSLContext)
        /// The client's settings and the host it connected to (the name checked when the settings name none).
        case client(ClientTLS, host: String)
    }
}
