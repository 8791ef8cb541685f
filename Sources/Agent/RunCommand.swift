import AgentCore
import ArgumentParser
import KernelTracing
import KubeClient
import Logging
import ServiceLifecycle
import Telemetry
import UnixSignals
import Wire

/// The default subcommand: sample every interval and stream to the server, or print once with `--once`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Collect and stream snapshots (the default)."
    )

    @OptionGroup var options: CollectionOptions

    @OptionGroup var kubernetes: KubernetesOptions

    @Option(
        help:
            "Server ingest address HOST:PORT; repeat it for several server replicas, or give dns+NAME:PORT to stream to every address NAME resolves to (a headless Service), re-resolved every 30 s (env PODWATCH_SERVER, comma-separated; default localhost:9090)."
    )
    var server: [String] = []

    @OptionGroup var tls: TLSOptions

    @Option(help: "Agent token (env PODWATCH_TOKEN). Prefer --token-file with a mounted Secret.")
    var token: String?

    @Option(
        help:
            "File holding the agent token, re-read before each connection: a mounted Secret, or the projected service-account token with --agent-identity kubernetes on the server (env PODWATCH_TOKEN_FILE)."
    )
    var tokenFile: String?

    @Option(help: "Rewrite this file after every pass, for `podwatch-agent health` (env PODWATCH_HEALTH_FILE).")
    var healthFile: String?

    @Flag(help: "Refuse profile requests (the UI then says profiling is disabled on this node).")
    var noProfiling = false

    @Flag(
        help:
            "Run without eBPF (run-queue latency, TCP retransmits, OOM kill events, short-lived processes, block I/O latency, syscalls): /proc alone. Without CAP_BPF and CAP_PERFMON the agent runs this way by itself and says why."
    )
    var noEbpf = false

    @Option(
        help:
            "Serve /metrics (Prometheus text: passes and their duration, read issues, memory, descriptors, connections, bytes and snapshots sent or dropped) and /healthz on this port (env PODWATCH_METRICS_PORT; 0, the default: off)."
    )
    var metricsPort: Int?

    @Option(help: "The address --metrics-port listens on (env PODWATCH_METRICS_ADDRESS; the chart sets the pod IP).")
    var metricsAddress: String?

    @Option(
        help:
            "The eBPF signals to load, comma-separated, of runqueue, tcp_retransmits, oom_kills, execs, block_io, syscalls (default: all; the others show as turned off)."
    )
    var ebpfSignals: String?

    @Option(
        help:
            "The share of each pass, in percent, that runqueue and syscalls are traced (their programs run on every context switch and system call); their counts are scaled to the whole pass. 1 to 100 (100: throughout; env PODWATCH_EBPF_SAMPLE_PERCENT; default 4)."
    )
    var ebpfSamplePercent: Int?

    @Option(help: "The perf binary used for profiles (env PODWATCH_PERF; default /usr/bin/perf).")
    var perf: String?

    @Flag(help: "Simulate this node's pods with light real processes in real cgroups (needs root), for `make agents`.")
    var dev = false

    @Flag(help: "Take one snapshot (two, with an explicit --interval: then rates are added), print it and exit.")
    var once = false

    @Flag(help: "Print the snapshot as JSON (with --once).")
    var json = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        var configuration = try self.options.configuration()
        guard let level = Logger.Level(rawValue: self.logLevel) else {
            throw ValidationError(
                "--log-level: '\(self.logLevel)' is not one of trace, debug, info, notice, warning, error, critical"
            )
        }
        // Logs go to standard error in every mode: `--once --json` owns standard output.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "podwatch-agent")
        logger[metadataKey: "node.name"] = "\(configuration.nodeName)"
        let api = self.dev ? nil : try self.kubernetes.watches(nodeName: configuration.nodeName, logger: logger)
        let kubelet =
            try self.dev
            ? nil
            : self.kubernetes.kubeletAccess(logger: logger).map { access in
                KubeletPoller(
                    client: try KubeAPIClient(access: access),
                    procRoot: configuration.procRoot,
                    deadline: .seconds(max(1, min(self.kubernetes.kubeletTimeout, 60))),
                    logger: logger
                )
            }
        let tracer =
            self.noEbpf
            ? nil
            : KernelTracerLoader.load(
                cgroupRoot: configuration.cgroupRoot,
                signals: try KernelTracerLoader.signals(self.ebpfSignals),
                samplePercent: try KernelTracerLoader.samplePercent(
                    self.ebpfSamplePercent ?? EnvironmentVariable.integer("PODWATCH_EBPF_SAMPLE_PERCENT")
                ),
                logger: logger
            )
        if self.once {
            try await OnceReport.print(
                configuration,
                api: api,
                kubelet: kubelet,
                tracer: tracer,
                withRates: self.options.interval != nil,
                json: self.json,
                logger: logger
            )
            return
        }
        var uplink = try self.uplinkConfiguration(nodeName: configuration.nodeName)
        let endpoints = try self.serverEndpoints()
        let tls = try self.tls.client(logger: logger)
        let profiling = ProfilingConfiguration(
            enabled: !self.noProfiling,
            perfPath: self.perf ?? EnvironmentVariable.value("PODWATCH_PERF") ?? "/usr/bin/perf"
        )
        if profiling.enabled { uplink.capabilities.append("profiling") }
        var podMetadata: @Sendable () -> [PodMetadata] = { [] }
        var nodeInfo: @Sendable () -> NodeInfo? = { nil }
        var cluster: DevCluster?
        var kubeletReadings: @Sendable () -> KubeletReadings? = { kubelet?.latest }
        if self.dev {
            let simulated = try DevCluster(nodeName: configuration.nodeName, cgroupRoot: configuration.cgroupRoot)
            configuration.podFilter = simulated.podUIDs
            let pods = simulated.pods
            let node = simulated.nodeInfo()
            podMetadata = { pods }
            nodeInfo = { node }
            cluster = simulated
            let devKubelet = DevKubelet(nodeName: configuration.nodeName, pods: pods, procRoot: configuration.procRoot)
            let procRoot = configuration.procRoot
            kubeletReadings = { devKubelet.readings(procRoot: procRoot) }
            logger.info("Dev mode: simulating pods", metadata: ["pods": "\(pods.map { "\($0.namespace)/\($0.name)" })"])
        } else if let (directory, _) = api {
            podMetadata = { directory.podMetadata() }
            nodeInfo = { directory.nodeInfo() }
        }
        defer { cluster?.destroy() }
        let fanout = SnapshotFanout()
        let metricsPort =
            try self.metricsPort ?? EnvironmentVariable.integer("PODWATCH_METRICS_PORT") ?? 0
        guard (0...65_535).contains(metricsPort) else {
            throw ValidationError("--metrics-port: \(metricsPort) is not a port (1-65535, or 0 for off)")
        }
        let metrics = AgentMetrics()
        if let (directory, _) = api { metrics.watching(directory) }
        let health = (self.healthFile ?? EnvironmentVariable.value("PODWATCH_HEALTH_FILE")).map(HealthFile.init)
        let sampler = SamplerService(
            configuration: configuration,
            logger: logger,
            podMetadata: podMetadata,
            nodeInfo: nodeInfo,
            kubelet: kubeletReadings,
            tracer: tracer,
            metrics: metrics,
            sink: { snapshot in
                if fanout.put(snapshot) { metrics.dropped() }
                health?.touch()
            }
        )
        let profiler = Profiler(configuration: profiling, logger: logger, outbox: CommandOutbox()) { fanout.latest }
        let streamer = UplinkReplicas(
            endpoints: endpoints,
            base: uplink,
            tls: tls,
            fanout: fanout,
            commands: { CommandChannel(profiler: profiler, outbox: $0) },
            logger: logger,
            metrics: metrics
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: sampler), .init(service: streamer),
        ]
        if let watch = api?.1 { services.append(.init(service: watch)) }
        if let kubelet { services.append(.init(service: kubelet)) }
        if metricsPort != 0 {
            services.append(
                .init(
                    service: AgentHTTPService(
                        host: self.metricsAddress ?? EnvironmentVariable.value("PODWATCH_METRICS_ADDRESS") ?? "0.0.0.0",
                        port: metricsPort,
                        metrics: metrics,
                        healthyWithin: configuration.interval * 3,
                        logger: logger
                    )
                )
            )
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }

    /// `--server` (repeatable), else `PODWATCH_SERVER` (comma-separated), else localhost:9090.
    private func serverEndpoints() throws -> [ServerEndpoint] {
        let values =
            self.server.isEmpty ? [EnvironmentVariable.value("PODWATCH_SERVER") ?? "localhost:9090"] : self.server
        do {
            let endpoints = try ServerEndpoint.parseAll(values)
            guard !endpoints.isEmpty else { throw ValidationError("--server: no server given") }
            return endpoints
        } catch let error as ServerEndpoint.Malformed {
            throw ValidationError(error.description)
        }
    }

    /// Everything the uplinks share; each replica sets its host and port.
    private func uplinkConfiguration(nodeName: String) throws -> UplinkConfiguration {
        let token = self.token ?? EnvironmentVariable.value("PODWATCH_TOKEN")
        let file = self.tokenFile ?? EnvironmentVariable.value("PODWATCH_TOKEN_FILE")
        // Read now so that a missing file stops the agent at start; read again before every connection.
        if let file { _ = try TokenFile.read(file) }
        // Host and port are each replica's (``UplinkReplicas``).
        return UplinkConfiguration(host: "", port: 0, token: token, tokenFile: file, nodeName: nodeName)
    }
}
