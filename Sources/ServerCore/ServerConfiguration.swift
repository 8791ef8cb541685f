public import AlertEngine
public import Alerting
public import Ingest
public import NodeStore
public import Profiles
public import Telemetry
public import Web

/// Everything the server needs to know, with defaults; flags and environment variables map onto it in
/// the `Server` executable (`ServerCommand`, which lists every flag and variable).
public struct ServerConfiguration: Sendable, Hashable {
    /// Address both listeners bind to.
    public var host: String
    /// Web UI and JSON API.
    public var httpPort: Int
    /// Agent connections.
    public var ingestPort: Int
    /// The shared agent token; nil accepts any agent (the UI says so).
    public var token: String?
    /// A node with no snapshot for this long is shown as "no data since …".
    public var ttl: Duration
    /// A stale node is removed from the overview after this long without data.
    public var staleGrace: Duration
    /// How much history the charts keep: an hour at full resolution (compressed, ``Series``).
    public var historyWindow: Duration
    /// The agents' sampling interval, for sizing history (one point per snapshot).
    public var sampleInterval: Duration
    /// Largest frame accepted from an agent.
    public var maximumFrameLength: Int
    /// A connection that delivered nothing (not even a heartbeat) for this long is closed.
    public var peerSilenceLimit: Duration
    /// PostgreSQL for alert rules, alerts and the outbox (URI or conninfo); nil keeps rules in memory only.
    public var databaseURL: String?
    /// Discord and generic webhook destinations.
    public var notificationTargets: NotificationTargets
    /// When set, API writes need `Authorization: Bearer <token>` and the UI's forms need a login.
    public var adminToken: String?
    /// How often alert rules are evaluated.
    public var evaluationInterval: Duration
    /// First retry delay of a failed notification (doubling per attempt, at most 5 min).
    public var deliveryBackoff: Duration
    /// Allowed profile durations (`--profile-min-duration` lowers the minimum), per-node concurrency, retention.
    public var profileLimits: ProfileLimits
    /// How often freed heap pages are returned to the kernel (`HeapTrimService`); nil never.
    public var heapTrimInterval: Duration?
    /// What one snapshot may hold; a snapshot past a limit is refused (docs/wire-protocol.md#limits).
    public var snapshotLimits = SnapshotLimits.standard
    /// Before authentication: the largest Hello, and how long a new connection may take to send it.
    public var helloMaximumLength = IngestConfiguration().helloMaximumLength
    public var helloTimeout = IngestConfiguration().helloTimeout
    /// Open ingest connections, in all and from one source address (0: no cap).
    public var maximumAgentConnections = IngestConfiguration().maximumAgentConnections
    public var maximumConnectionsPerAddress = IngestConfiguration().maximumConnectionsPerAddress
    /// Nodes the server holds; a new node past it is refused (its agent retries).
    public var maximumNodes = IngestConfiguration().maximumNodes
    /// Web port: open connections, time a keep-alive connection may idle, time to send a whole request.
    public var maximumHTTPConnections = 1_024
    public var httpIdleTimeout: Duration = .seconds(30)
    public var httpRequestTimeout: Duration = .seconds(30)
    /// Alert bookkeeping per rule: (rule, subject) pairs kept, notifications waiting (oldest dropped past it).
    public var maximumPairsPerRule = 100_000
    public var maximumPendingNotificationsPerRule = 10_000
    /// Ingest TLS (PEM paths; `--tls-cert`, `--tls-key`, `--tls-client-ca`). Without a certificate agents connect
    /// over plain TCP, which the server command accepts only with `--insecure` and every page then says so.
    public var tlsCertificateChain: String?
    public var tlsPrivateKey: String?
    public var tlsClientCA: String?
    /// When set, reading any page or API answer (but the probes) needs it, the admin token or a login.
    public var readToken: String?
    /// Show command-line values that look secret (`--show-secrets`); Podwatch's own secret flags stay hidden.
    public var showSecrets = false
    /// Start a fresh install with the default alert rules (``DefaultRules``; `--no-default-rules` turns it off).
    public var defaultRules = true
    /// `/metrics` lists every process of every pod too (`--metrics-processes`; cardinality).
    public var metricsProcesses = false
    /// Where `--otlp-endpoint` pushes the /metrics series over OTLP/HTTP (`…/v1/metrics`); nil: no export.
    public var otlpEndpoint: String?
    public var otlpInterval: Duration = .seconds(30)
    /// Where recordings' CSV files live (`--recordings-dir`); nil: recordings are off.
    public var recordingsDirectory: String?
    /// The most the recordings may take on disk together (`--recordings-budget`).
    public var recordingsBudgetBytes: Int64 = 1 << 30
    /// The address users reach the UI at (`--external-url`), for links in notifications; nil: no links.
    public var externalURL: NotificationLinks?
    /// Group wait and group interval of notifications (`--group-wait`, `--group-interval`).
    public var notificationGrouping = NotificationGrouping()
    /// How agents prove who they are: the shared token, or each node's own service-account token.
    public var agentIdentity = AgentIdentity.sharedToken
    /// This replica's name among replicas sharing the database (`--replica-name`; the pod's name). With a
    /// database it makes the replica take part in the election of the one that evaluates alerts; nil (tests of a
    /// lone server) evaluates alone.
    public var replicaName: String?

    public init(
        host: String = "0.0.0.0",
        httpPort: Int = 8080,
        ingestPort: Int = 9090,
        token: String? = nil,
        ttl: Duration = .seconds(10),
        staleGrace: Duration = .seconds(600),
        historyWindow: Duration = .seconds(3600),
        sampleInterval: Duration = .seconds(5),
        maximumFrameLength: Int = 16 << 20,
        peerSilenceLimit: Duration = .seconds(30),
        databaseURL: String? = nil,
        notificationTargets: NotificationTargets = NotificationTargets(),
        adminToken: String? = nil,
        evaluationInterval: Duration = .seconds(5),
        deliveryBackoff: Duration = .seconds(2),
        profileLimits: ProfileLimits = ProfileLimits(),
        heapTrimInterval: Duration? = .seconds(60)
    ) {
        self.profileLimits = profileLimits
        self.heapTrimInterval = heapTrimInterval
        self.host = host
        self.httpPort = httpPort
        self.ingestPort = ingestPort
        self.token = token
        self.ttl = ttl
        self.staleGrace = staleGrace
        self.historyWindow = historyWindow
        self.sampleInterval = sampleInterval
        self.maximumFrameLength = maximumFrameLength
        self.peerSilenceLimit = peerSilenceLimit
        self.databaseURL = databaseURL
        self.notificationTargets = notificationTargets
        self.adminToken = adminToken
        self.evaluationInterval = evaluationInterval
        self.deliveryBackoff = deliveryBackoff
    }

    /// A subject absent this long resolves its alerts: long enough for agents to reconnect after a restart.
    var alertAbsence: Duration { max(.seconds(60), self.ttl * 3) }

    /// The web UI's part.
    public var web: WebConfiguration {
        var web = WebConfiguration(
            agentsAuthenticated: self.token != nil || self.agentIdentity != .sharedToken,
            ingestEncrypted: self.tlsCertificateChain != nil && self.tlsPrivateKey != nil,
            adminToken: self.adminToken,
            readToken: self.readToken,
            notificationTargets: self.notificationTargets,
            profileDurations: self.profileLimits.durations,
            staleGrace: self.staleGrace
        )
        web.metricsProcesses = self.metricsProcesses
        return web
    }

    /// The ingest listener's part.
    public var ingest: IngestConfiguration {
        IngestConfiguration(
            host: self.host,
            ingestPort: self.ingestPort,
            token: self.token,
            maximumFrameLength: self.maximumFrameLength,
            peerSilenceLimit: self.peerSilenceLimit,
            snapshotLimits: self.snapshotLimits,
            helloMaximumLength: self.helloMaximumLength,
            helloTimeout: self.helloTimeout,
            maximumAgentConnections: self.maximumAgentConnections,
            maximumConnectionsPerAddress: self.maximumConnectionsPerAddress,
            maximumNodes: self.maximumNodes,
            commandLineRedaction: self.showSecrets ? .podwatchFlagsOnly : .standard,
            tlsCertificateChain: self.tlsCertificateChain,
            tlsPrivateKey: self.tlsPrivateKey,
            tlsClientCA: self.tlsClientCA
        )
    }

    /// The node store's part.
    public var nodeStore: NodeStoreConfiguration {
        NodeStoreConfiguration(ttl: self.ttl, staleGrace: self.staleGrace, historyCapacity: self.historyCapacity)
    }

    /// Points per history series: the window at the sampling interval.
    var historyCapacity: Int {
        let points = self.historyWindow / self.sampleInterval
        return max(2, Int(points.rounded(.up)))
    }
}
