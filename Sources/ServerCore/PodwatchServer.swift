public import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle

/// The server's parts, built from a configuration: the executable and the tests use the same function.
public struct PodwatchServer: Sendable {
    public let configuration: ServerConfiguration
    public let cache: LiveCache
    public let registry: SessionRegistry
    public let counters: IngestCounters
    /// Both listeners as services, ingest first (services stop in reverse order: the web UI goes first).
    public let services: [any Service]

    /// - Parameter onBound: called with (ingest port, http port) as each listener binds (tests use port 0).
    public init(
        configuration: ServerConfiguration,
        logger: Logger,
        onBound: @escaping @Sendable (_ ingestPort: Int?, _ httpPort: Int?) -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.cache = LiveCache(configuration: configuration)
        self.registry = SessionRegistry()
        self.counters = IngestCounters()
        let ingest = IngestService(
            configuration: configuration,
            cache: self.cache,
            registry: self.registry,
            counters: self.counters,
            logger: logger,
            onBound: { onBound($0, nil) }
        )
        let router = Router()
        WebRoutes(cache: self.cache, registry: self.registry, counters: self.counters, configuration: configuration)
            .addRoutes(to: router)
        let web = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.httpPort),
                serverName: "podwatch"
            ),
            onServerRunning: { channel in onBound(nil, channel.localAddress?.port) },
            logger: logger
        )
        self.services = [ingest, web]
    }
}
