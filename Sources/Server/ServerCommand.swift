import AlertEngine
import Alerting
import ArgumentParser
import Ingest
import KubeClient
import Logging
import Profiles
import ServerCore
import ServiceLifecycle
import Telemetry
import UnixSignals
import Web
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// `podwatch-server`: ingest on :9090, web UI and JSON API on :8080. Flags map onto ServerConfiguration.
@main
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podwatch-server",
        abstract: "Podwatch server: agent ingest, live cache and history, web UI.",
        version: PodwatchVersion.string
    )

    @Option(help: "Address to bind (env PODWATCH_HOST).") var host: String?
    @Option(help: "Web UI and API port (env PODWATCH_HTTP_PORT; default 8080).") var httpPort: Int?
    @Option(help: "Agent ingest port (env PODWATCH_INGEST_PORT; default 9090).") var ingestPort: Int?
    @Option(help: "Shared agent token (env PODWATCH_TOKEN). Without one, any agent may report.") var token: String?
    @Option(help: "File holding the agent token (a mounted Secret); re-read at start.") var tokenFile: String?
    @Option(help: "Seconds without data before a node shows as stale (default 10).") var ttl: Int = 10
    @Option(help: "Seconds a stale node stays on the overview before it is removed (default 600).") var staleGrace:
        Int = 600
    @Option(
        help:
            "PostgreSQL for alert rules and history, URI or conninfo (env POSTGRES_URL). Without one, rules live in memory."
    )
    var databaseURL: String?
    @Option(help: "Discord webhook URL for alert notifications (env DISCORD_WEBHOOK_URL).") var discordWebhook: String?
    @Option(help: "Generic JSON webhook URL for alert notifications (env PODWATCH_WEBHOOK_URL).") var webhook: String?
    @Option(help: "Slack incoming-webhook URL for alert notifications (env SLACK_WEBHOOK_URL).") var slackWebhook:
        String?
    @Option(
        help:
            "The address users reach the UI at, e.g. https://podwatch.example.com (env PODWATCH_EXTERNAL_URL): notifications link alert pages and flame graphs under it. Without it they carry no links."
    )
    var externalURL: String?
    @Option(help: "Seconds a new group of alerts waits for more before its first notification (default 30).")
    var groupWait = 30
    @Option(help: "Seconds between notifications about one group of alerts (default 300).") var groupInterval = 300
    @Option(help: "Token required to change rules and dismiss alerts (env PODWATCH_ADMIN_TOKEN).") var adminToken:
        String?
    @Option(help: "File holding the admin token (a mounted Secret).") var adminTokenFile: String?
    @Option(help: "Token required to read any page or API answer but /healthz and /readyz (env PODWATCH_READ_TOKEN).")
    var readToken: String?
    @Option(help: "File holding the read token (a mounted Secret).") var readTokenFile: String?
    @Option(help: "Seconds between alert evaluations (default 5).") var evaluationInterval: Int = 5
    @Option(help: "Shortest profile a request may ask for, in seconds (default 30; lower it for tests).")
    var profileMinDuration: Int = 30
    @Option(
        help:
            "Push the /metrics series over OTLP/HTTP to this collector, e.g. http://otel-collector:4318 (env OTEL_EXPORTER_OTLP_ENDPOINT is honoured too)."
    )
    var otlpEndpoint: String?
    @Option(help: "Seconds between OTLP exports (default 30).") var otlpInterval = 30
    @Flag(help: "List every process of every pod on /metrics too (one series per process: mind the cardinality).")
    var metricsProcesses = false
    @Option(help: "Directory for recordings' CSV files (env PODWATCH_RECORDINGS_DIR); without it recordings are off.")
    var recordingsDir: String?
    @Option(help: "MiB the recordings may take on disk together (default 1024).") var recordingsBudget: Int = 1_024
    @Option(help: "Seconds between returning freed heap pages to the kernel (default 60; 0 never).")
    var heapTrimInterval: Int = 60
    @Option(help: "Open agent connections at most, in all (default 12000; 0 no cap).") var maxAgentConnections = 12_000
    @Option(help: "Open agent connections at most from one source address (default 32; 0 no cap).")
    var maxConnectionsPerAddress = 32
    @Option(help: "Seconds a new agent connection has to send its Hello (default 5).") var helloTimeout = 5
    @Option(help: "Nodes the server holds at most; a new node past it is refused (default 12000; 0 no cap).")
    var maxNodes = 12_000
    @Option(help: "Open web connections at most (default 1024; 0 no cap).") var maxHttpConnections = 1_024
    @Option(help: "Seconds an idle web connection stays open (default 30).") var httpIdleTimeout = 30
    @Option(help: "Seconds a client has to send a whole request (default 30).") var httpRequestTimeout = 30
    @Option(help: "Alert (rule, subject) pairs kept per rule (default 100000).") var maxAlertPairsPerRule = 100_000
    @Option(
        help:
            "Notifications waiting per rule; past it the oldest are dropped (default 10000: a storm queues one per alert, sent grouped)."
    )
    var maxPendingNotificationsPerRule = 10_000
    @Option(help: "PEM certificate chain agents see on the ingest port (env PODWATCH_TLS_CERT).") var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert (env PODWATCH_TLS_KEY).") var tlsKey: String?
    @Option(help: "PEM CA agents' client certificates must chain to; unset: no client certificates.")
    var tlsClientCa: String?
    @Flag(help: "Accept agents over plain TCP (no --tls-cert): tokens and command lines cross the network in clear.")
    var insecure = false
    @Flag(
        help:
            "Show command-line values that look secret (passwords, tokens, keys) instead of •••; Podwatch's own secret flags stay hidden."
    ) var showSecrets = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Flag(
        help:
            "Do not create the default alert rules (node CPU, memory, filesystem, conditions, kubelet) on a fresh database or, without one, at start."
    ) var noDefaultRules = false
    @Option(
        help:
            "This replica's name among replicas sharing --database-url, shown as the alerting leader (env POD_NAME; default the hostname)."
    )
    var replicaName: String?
    @OptionGroup var identity: AgentIdentityOptions

    /// The entry point: ArgumentParser's own, after capping glibc's arenas at one (ServerMemory.limitArenas says
    /// why) while the main thread is still the only one — a thread that already has an arena keeps it, and from
    /// `run()` the server still had two. MALLOC_ARENA_MAX, when set, wins.
    static func main() async {
        if getenv("MALLOC_ARENA_MAX") == nil { ServerMemory.limitArenas(to: 1) }
        do {
            var command = try Self.parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            Self.exit(withError: error)
        }
    }

    func run() async throws {
        guard let level = Logger.Level(rawValue: self.logLevel) else {
            throw ValidationError("--log-level: '\(self.logLevel)' is not a log level")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "podwatch-server")
        func environment(_ name: String) -> String? {
            getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func port(_ flag: Int?, _ variable: String, _ fallback: Int) throws -> Int {
            let value = flag ?? environment(variable).flatMap { Int($0) } ?? fallback
            guard (0...65_535).contains(value) else { throw ValidationError("port \(value) is out of range") }
            return value
        }
        var token = self.token ?? environment("PODWATCH_TOKEN")
        if let file = self.tokenFile {
            token = try TokenFile.read(file)
        }
        var configuration = ServerConfiguration(
            host: self.host ?? environment("PODWATCH_HOST") ?? "0.0.0.0",
            httpPort: try port(self.httpPort, "PODWATCH_HTTP_PORT", 8080),
            ingestPort: try port(self.ingestPort, "PODWATCH_INGEST_PORT", 9090),
            token: token,
            ttl: .seconds(max(self.ttl, 1)),
            staleGrace: .seconds(max(self.staleGrace, self.ttl)),
            databaseURL: self.databaseURL ?? environment("POSTGRES_URL"),
            notificationTargets: NotificationTargets(
                discordWebhook: try Self.url(
                    self.discordWebhook ?? environment("DISCORD_WEBHOOK_URL"),
                    "--discord-webhook"
                ),
                webhook: try Self.url(self.webhook ?? environment("PODWATCH_WEBHOOK_URL"), "--webhook"),
                slackWebhook: try Self.url(self.slackWebhook ?? environment("SLACK_WEBHOOK_URL"), "--slack-webhook")
            ),
            adminToken: try self.adminTokenFile.map { try TokenFile.read($0) } ?? self.adminToken
                ?? environment("PODWATCH_ADMIN_TOKEN"),
            evaluationInterval: .seconds(max(1, self.evaluationInterval)),
            profileLimits: ProfileLimits(durations: min(max(1, self.profileMinDuration), 600)...600),
            heapTrimInterval: self.heapTrimInterval > 0 ? .seconds(self.heapTrimInterval) : nil
        )
        configuration.maximumAgentConnections = max(0, self.maxAgentConnections)
        configuration.maximumConnectionsPerAddress = max(0, self.maxConnectionsPerAddress)
        configuration.helloTimeout = .seconds(max(1, self.helloTimeout))
        configuration.maximumNodes = max(0, self.maxNodes)
        configuration.maximumHTTPConnections = max(0, self.maxHttpConnections)
        configuration.httpIdleTimeout = .seconds(max(1, self.httpIdleTimeout))
        configuration.httpRequestTimeout = .seconds(max(1, self.httpRequestTimeout))
        configuration.maximumPairsPerRule = max(1, self.maxAlertPairsPerRule)
        configuration.maximumPendingNotificationsPerRule = max(1, self.maxPendingNotificationsPerRule)
        configuration.showSecrets = self.showSecrets
        configuration.defaultRules = !self.noDefaultRules
        configuration.metricsProcesses = self.metricsProcesses
        configuration.otlpEndpoint = self.otlpEndpoint
        configuration.otlpInterval = .seconds(min(max(1, self.otlpInterval), 3_600))
        configuration.recordingsDirectory = self.recordingsDir ?? environment("PODWATCH_RECORDINGS_DIR")
        if let external = self.externalURL ?? environment("PODWATCH_EXTERNAL_URL") {
            guard let links = NotificationLinks(base: external) else {
                throw ValidationError("--external-url: '\(external.prefix(80))' is not an http(s) URL")
            }
            configuration.externalURL = links
        }
        configuration.notificationGrouping = NotificationGrouping(
            waitMilliseconds: Int64(min(max(0, self.groupWait), 86_400)) * 1000,
            intervalMilliseconds: Int64(min(max(0, self.groupInterval), 86_400)) * 1000
        )
        configuration.recordingsBudgetBytes = Int64(min(max(1, self.recordingsBudget), 1 << 30)) << 20
        configuration.agentIdentity = try self.identity.identity(sharedToken: token != nil)
        configuration.readToken =
            try self.readTokenFile.map { try TokenFile.read($0) } ?? self.readToken
            ?? environment("PODWATCH_READ_TOKEN")
        configuration.tlsCertificateChain = self.tlsCert ?? environment("PODWATCH_TLS_CERT")
        configuration.tlsPrivateKey = self.tlsKey ?? environment("PODWATCH_TLS_KEY")
        configuration.tlsClientCA = self.tlsClientCa
        do {
            configuration.replicaName = try ReplicaName.validated(
                self.replicaName ?? environment("POD_NAME") ?? ReplicaName.hostname()
            )
        } catch {
            throw ValidationError(error.description)
        }
        switch (configuration.tlsCertificateChain, configuration.tlsPrivateKey) {
        case (nil, nil):
            guard self.insecure else {
                throw ValidationError(
                    "Agents would connect over plain TCP: give --tls-cert and --tls-key (PEM), or --insecure to accept that"
                )
            }
            logger.warning("Ingest without TLS (--insecure): agent tokens and command lines cross the network in clear")
        case (.some, .some):
            do {
                _ = try configuration.ingest.tlsContext()
            } catch {
                throw ValidationError(error.description)
            }
        default:
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        let weak = configuration.weakTokenProblems
        guard weak.isEmpty else { throw ValidationError(weak.joined(separator: "\n")) }
        if configuration.databaseURL == nil {
            logger.warning(
                "No database configured (--database-url / POSTGRES_URL): alert rules live in memory and will not survive a restart"
            )
        }
        if configuration.notificationTargets.configuredChannels.isEmpty {
            logger.notice(
                "No notification channel configured (--discord-webhook, --slack-webhook, --webhook): alerts show in the UI and API only"
            )
        } else if configuration.externalURL == nil {
            logger.notice(
                "No --external-url (PODWATCH_EXTERNAL_URL): notifications carry no links to alert pages or flame graphs"
            )
        }
        if configuration.adminToken == nil {
            logger.notice(
                "No admin token configured (--admin-token): anyone who reaches the web port can change alert rules"
            )
        }
        if configuration.readToken == nil {
            logger.notice(
                "No read token configured (--read-token): anyone who reaches the web port can read every page and API answer"
            )
        }
        if case .kubernetes(let identity) = configuration.agentIdentity {
            logger.info(
                "Agents prove their node with their service-account token (TokenReview)",
                metadata: [
                    "api.server": "\(identity.access.server)",
                    "agent.service_account": "\(identity.namespace):\(identity.serviceAccount)",
                    "token.audience": "\(identity.audience)",
                ]
            )
        } else if configuration.token == nil {
            logger.warning("No agent token configured: any client that reaches the ingest port can report as any node")
        }
        let server = try PodwatchServer(configuration: configuration, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: server.services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }

    /// An http(s) URL, or a clear error naming the flag (the URL itself is a secret and is not echoed).
    static func url(_ value: String?, _ flag: String) throws -> String? {
        guard let value else { return nil }
        guard value.hasPrefix("https://") || value.hasPrefix("http://") else {
            throw ValidationError("\(flag): expected an http:// or https:// URL")
        }
        return value
    }
}
