public import AlertEngine
import AlertStore
import Alerting
import Hummingbird
import HummingbirdCore
public import Ingest
import KubeClient
public import Logging
import NIOCore
public import NodeStore
import OTLPExport
import Postgres
public import Profiles
import Recordings
import ServerMetrics
public import ServiceLifecycle
import Telemetry
import Web

/// The server's parts, built from a configuration: the executable and the tests use the same function.
public struct PodwatchServer: Sendable {
    public let configuration: ServerConfiguration
    public let cache: LiveCache
    public let registry: SessionRegistry
    public let counters: IngestCounters
    public let alerts: AlertCenter
    public let profiles: ProfileCenter
    public let evaluation: AlertEvaluationService
    /// Alert persistence (with a database), ingest, evaluation, delivery and the web UI. Services stop in
    /// reverse order: the web UI goes first and persistence last, after its final flush.
    public let services: [any Service]

    /// - Parameter onBound: called with (ingest port, http port) as each listener binds (tests use port 0).
    /// - Throws: `KubeAPIError` when the Kubernetes API client for agent identities cannot be built (its TLS
    ///   material); `RecordingError` when the recordings directory cannot be created.
    public init(
        configuration: ServerConfiguration,
        logger: Logger,
        onBound: @escaping @Sendable (_ ingestPort: Int?, _ httpPort: Int?) -> Void = { _, _ in }
    ) throws {
        self.configuration = configuration
        self.cache = LiveCache(configuration: configuration)
        self.registry = SessionRegistry()
        let cache = self.cache
        let otlp = try configuration.otlpEndpoint.map {
            try OTLPExporter(
                endpoint: $0,
                interval: configuration.otlpInterval,
                cache: cache,
                processes: configuration.metricsProcesses,
                logger: logger
            )
        }
        let metrics = ServerMetrics(also: otlp?.factory)
        self.counters = IngestCounters(metrics: metrics)
        self.profiles = ProfileCenter(limits: configuration.profileLimits, registry: self.registry)
        var verifier: (any AgentVerifier)?
        var apiClient: [any Service] = []
        if case .kubernetes(let identity) = configuration.agentIdentity {
            let client = try KubeAPIClient(access: identity.access, userAgent: "podwatch-server")
            verifier = KubernetesAgentVerifier(
                reviewer: TokenReviewer(client: client, audience: identity.audience, deadline: identity.deadline),
                identity: identity,
                counters: self.counters,
                logger: logger
            )
            apiClient = [KubeClientLifetime(client: client)]
        }
        let ingest = IngestService(
            configuration: configuration.ingest,
            cache: self.cache,
            registry: self.registry,
            counters: self.counters,
            profiles: self.profiles,
            verifier: verifier,
            logger: logger,
            onBound: { onBound($0, nil) }
        )
        let store = configuration.databaseURL.map { AlertDatabase(connection: PostgresConnection(conninfo: $0)) }
        self.alerts = AlertCenter(
            store: store,
            configuredChannels: configuration.notificationTargets.configuredChannels,
            absence: configuration.alertAbsence,
            limits: AlertCenter.Limits(
                pairsPerRule: configuration.maximumPairsPerRule,
                pendingNotificationsPerRule: configuration.maximumPendingNotificationsPerRule
            ),
            defaultRules: configuration.defaultRules
                ? DefaultRules.make(channels: configuration.notificationTargets.configuredChannels) : [],
            replica: configuration.replicaName
        )
        self.evaluation = AlertEvaluationService(
            center: self.alerts,
            cache: self.cache,
            interval: configuration.evaluationInterval,
            logger: logger,
            metrics: metrics,
            profiles: self.profiles
        )
        let delivery = AlertDeliveryService(
            center: self.alerts,
            targets: configuration.notificationTargets,
            logger: logger,
            backoff: configuration.deliveryBackoff,
            grouping: configuration.notificationGrouping,
            links: configuration.externalURL,
            metrics: metrics
        )
        let recordings = try configuration.recordingsDirectory.map {
            try RecordingStore(
                directory: $0,
                budgetBytes: configuration.recordingsBudgetBytes,
                nowMilliseconds: WallClock.milliseconds()
            )
        }
        let router = Router()
        WebRoutes(
            cache: self.cache,
            registry: self.registry,
            counters: self.counters,
            alerts: self.alerts,
            profiles: self.profiles,
            configuration: configuration.web,
            metrics: metrics,
            recordings: recordings
        ).addRoutes(to: router)
        let requestTimeout = TimeAmount(configuration.httpRequestTimeout)
        let web = Application(
            router: router,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestDeadlineHandler(timeout: requestTimeout)],
                    idleTimeout: TimeAmount(configuration.httpIdleTimeout)
                )
            ),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.httpPort),
                serverName: "podwatch",
                availableConnectionsDelegate: configuration.maximumHTTPConnections > 0
                    ? MaximumAvailableConnections(configuration.maximumHTTPConnections) : nil
            ),
            onServerRunning: { channel in onBound(nil, channel.localAddress?.port) },
            logger: logger
        )
        let alerts = self.alerts
        // The election stops after persistence's last flush (services stop in reverse order): the lead is let
        // go only once this replica's changes are written, so the next leader resumes from them.
        var persistence: [any Service] = []
        if let store, let url = configuration.databaseURL {
            if let replica = configuration.replicaName {
                persistence.append(
                    LeaderElectionService(
                        center: alerts,
                        store: store,
                        lock: LeaderLock(conninfo: url, replica: replica),
                        logger: logger
                    )
                )
            }
            persistence.append(AlertPersistenceService(center: alerts, store: store, logger: logger))
        }
        let trim = configuration.heapTrimInterval.map { HeapTrimService(interval: $0, logger: logger) }
        let recorder: [any Service] =
            recordings.map { [RecordingService(store: $0, cache: cache, logger: logger)] } ?? []
        self.services =
            persistence + apiClient + [ingest, self.evaluation, delivery] + recorder + (otlp.map { [$0] } ?? [])
            + [web] + (trim.map { [$0] } ?? [])
    }
}

/// Holds the Kubernetes API client for the server's life and shuts it down after ingest has stopped (services
/// stop in reverse order); AsyncHTTPClient must be shut down before it goes.
struct KubeClientLifetime: Service {
    let client: KubeAPIClient

    func run() async throws {
        try? await gracefulShutdown()
        await self.client.shutdown()
    }
}
