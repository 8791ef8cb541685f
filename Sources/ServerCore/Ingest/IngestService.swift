public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle
import Wire

/// Accepts agent connections on the ingest port: one discarding child task per connection, each
/// catching its own errors, so that no connection can take the server down.
public struct IngestService: Service {
    let configuration: ServerConfiguration
    let cache: LiveCache
    let registry: SessionRegistry
    let counters: IngestCounters
    let profiles: ProfileCenter
    let logger: Logger
    let onBound: @Sendable (Int) -> Void

    public init(
        configuration: ServerConfiguration,
        cache: LiveCache,
        registry: SessionRegistry,
        counters: IngestCounters,
        profiles: ProfileCenter,
        logger: Logger,
        onBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.profiles = profiles
        self.configuration = configuration
        self.cache = cache
        self.registry = registry
        self.counters = counters
        self.logger = logger
        self.onBound = onBound
    }

    public func run() async throws {
        let maximumLength = self.configuration.maximumFrameLength
        let silence = self.configuration.peerSilenceLimit.components
        let silenceLimit = TimeAmount.nanoseconds(silence.seconds * 1_000_000_000 + silence.attoseconds / 1_000_000_000)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .bind(host: self.configuration.host, port: self.configuration.ingestPort) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: silenceLimit))
                    try channel.pipeline.syncOperations.addHandler(IdleCloseHandler())
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(FrameDecoder(maximumLength: maximumLength))
                    )
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
                    return try NIOAsyncChannel<Frame, Frame>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? self.configuration.ingestPort
        self.logger.info("Ingest listening", metadata: ["ingest.port": "\(port)"])
        self.onBound(port)
        let session = IngestSession(
            configuration: self.configuration,
            cache: self.cache,
            registry: self.registry,
            counters: self.counters,
            profiles: self.profiles,
            logger: self.logger
        )
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await session.run(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
            self.registry.closeAll()
        }
    }
}
