public import Logging
package import NIOCore
import NIOPosix
public import NodeStore
public import ServiceLifecycle
package import Wire

/// Accepts agent connections on the ingest port: one discarding child task per connection, each
/// catching its own errors, so that no connection can take the server down.
///
/// Before a connection is authenticated it may send one Hello of at most `helloMaximumLength` bytes within
/// `helloTimeout`; connections past the caps (in all, per source address) are closed on accept. All counted. The
/// verifier (the shared token unless given) decides whose Hello is welcome.
public struct IngestService: Service {
    package let configuration: IngestConfiguration
    package let cache: LiveCache
    package let registry: SessionRegistry
    package let counters: IngestCounters
    package let profiles: any CommandResultReceiver
    package let verifier: any AgentVerifier
    package let logger: Logger
    package let onBound: @Sendable (Int) -> Void

    public init(
        configuration: IngestConfiguration,
        cache: LiveCache,
        registry: SessionRegistry,
        counters: IngestCounters,
        profiles: any CommandResultReceiver,
        verifier: (any AgentVerifier)? = nil,
        logger: Logger,
        onBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.profiles = profiles
        self.verifier = verifier ?? SharedTokenVerifier(token: configuration.token)
        self.configuration = configuration
        self.cache = cache
        self.registry = registry
        self.counters = counters
        self.logger = logger
        self.onBound = onBound
    }

    /// An accepted connection: admitted with its frame limit, or closed at once past a connection cap.
    package enum Accepted: Sendable {
        case admitted(NIOAsyncChannel<Frame, Frame>, FrameLimit)
        case refused
    }

    public func run() async throws {
        let configuration = self.configuration
        let counters = self.counters
        let tls = try configuration.tlsContext()
        let limiter = ConnectionLimiter(
            total: configuration.maximumAgentConnections,
            perAddress: configuration.maximumConnectionsPerAddress
        )
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .bind(host: configuration.host, port: configuration.ingestPort) { channel in
                channel.eventLoop.makeCompletedFuture { () throws -> Accepted in
                    // A failed initializer would end the accept loop: a refused connection is closed, not failed.
                    let address = channel.remoteAddress?.ipAddress ?? "unknown"
                    if limiter.admit(address) != nil {
                        counters.connectionOverLimit()
                        channel.close(promise: nil)
                        return .refused
                    }
                    channel.closeFuture.whenComplete { _ in limiter.release(address) }
                    let limit = FrameLimit(configuration.helloMaximumLength)
                    channel.eventLoop.scheduleTask(in: TimeAmount(configuration.helloTimeout)) {
                        guard !limit.hasFrame, channel.isActive else { return }
                        counters.handshakeTimedOut()
                        channel.close(promise: nil)
                    }
                    let framed = try FramedChannel.configure(
                        channel,
                        decoder: FrameDecoder(limit: limit),
                        silenceLimit: TimeAmount(configuration.peerSilenceLimit),
                        tls: tls.map { .server($0) }
                    )
                    return .admitted(framed, limit)
                }
            }
        let port = server.channel.localAddress?.port ?? configuration.ingestPort
        self.logger.info(
            "Ingest listening",
            metadata: [
                "ingest.port": "\(port)", "connections.max": "\(configuration.maximumAgentConnections)",
                "connections.max_per_address": "\(configuration.maximumConnectionsPerAddress)",
                "tls":
                    "\(tls == nil ? "off (--insecure)" : configuration.tlsClientCA == nil ? "on" : "on, client certificates required")",
            ]
        )
        self.onBound(port)
        let threads = IngestThreads()
        let session = IngestSession(
            configuration: configuration,
            cache: self.cache,
            registry: self.registry,
            counters: counters,
            profiles: self.profiles,
            verifier: self.verifier,
            logger: self.logger,
            threads: threads
        )
        // Every session has ended when the task group returns: only then do the ingest threads stop.
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingDiscardingTaskGroup { group in
                    try await server.executeThenClose { connections in
                        for try await accepted in connections {
                            guard case .admitted(let connection, let limit) = accepted else { continue }
                            group.addTask { await session.run(connection, limit: limit) }
                        }
                    }
                }
            } onGracefulShutdown: {
                server.channel.close(promise: nil)
                self.registry.closeAll()
            }
        } catch {
            await threads.shutdown()
            throw error
        }
        await threads.shutdown()
    }
}
