public import NIOCore
import NIOPosix

/// The channel both ends of a session speak over (docs/wire-protocol.md): frames in and out, and a peer that sends
/// nothing for `silenceLimit` (three heartbeats) closed. The agent, the simulator and the server's ingest set up
/// their connections here, so the pipeline is written once.
public enum FramedChannel: Sendable {
    /// Adds the session's handlers to a fresh channel and wraps it for async use. Call on the channel's event
    /// loop (a bootstrap's channel initializer).
    public static func configure(
        _ channel: any Channel,
        decoder: FrameDecoder = FrameDecoder(),
        silenceLimit: TimeAmount? = Heartbeat.silenceLimit
    ) throws -> NIOAsyncChannel<Frame, Frame> {
        let pipeline = channel.pipeline.syncOperations
        if let silenceLimit {
            try pipeline.addHandler(IdleStateHandler(readTimeout: silenceLimit))
            try pipeline.addHandler(IdleCloseHandler())
        }
        try pipeline.addHandler(ByteToMessageHandler(decoder))
        try pipeline.addHandler(MessageToByteHandler(FrameEncoder()))
        return try NIOAsyncChannel<Frame, Frame>(wrappingChannelSynchronously: channel)
    }

    /// Connects to a server's ingest port as an agent does (TCP keepalive on, 5 s to connect).
    public static func connect(
        host: String,
        port: Int,
        silenceLimit: TimeAmount? = Heartbeat.silenceLimit
    ) async throws -> NIOAsyncChannel<Frame, Frame> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.configure(channel, silenceLimit: silenceLimit)
                }
            }
    }
}
