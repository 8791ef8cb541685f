public import KernelTracing
public import KubeClient
public import Logging
public import ServiceLifecycle
public import Telemetry

/// Runs a collection pass every interval and hands each snapshot to `sink` (the uplink, later).
///
/// A failed pass is logged and counted; the loop never stops for one. Passes do not overlap: a slow pass
/// delays the next tick rather than queueing passes.
public struct SamplerService: Service {
    private let configuration: AgentConfiguration
    private let logger: Logger
    private let sink: @Sendable (Snapshot) async -> Void
    private let podMetadata: @Sendable () -> [PodMetadata]
    private let nodeInfo: @Sendable () -> NodeInfo?
    private let kubelet: @Sendable () -> KubeletReadings?
    private let tracer: KernelTracer?
    private let metrics: AgentMetrics?

    /// - Parameters:
    ///   - podMetadata: names and state of the node's pods (the API watch, or the dev simulation); read once
    ///     per pass, never waited on.
    ///   - nodeInfo: the node's Node object and the API's status; nil without the API.
    ///   - kubelet: the kubelet's newest answers (``KubeletPoller``); nil without kubelet access.
    ///   - tracer: the loaded BPF programs, drained once per pass; nil with `--no-ebpf`.
    ///   - metrics: where each pass is recorded for `/metrics` (`--metrics-port`).
    public init(
        configuration: AgentConfiguration,
        logger: Logger,
        podMetadata: @escaping @Sendable () -> [PodMetadata] = { [] },
        nodeInfo: @escaping @Sendable () -> NodeInfo? = { nil },
        kubelet: @escaping @Sendable () -> KubeletReadings? = { nil },
        tracer: KernelTracer? = nil,
        metrics: AgentMetrics? = nil,
        sink: @escaping @Sendable (Snapshot) async -> Void
    ) {
        self.kubelet = kubelet
        self.tracer = tracer
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
        self.podMetadata = podMetadata
        self.nodeInfo = nodeInfo
        self.sink = sink
    }

    public func run() async throws {
        let collector = Collector(configuration: self.configuration)
        self.logger.info(
            "Sampling",
            metadata: [
                "node.name": "\(self.configuration.nodeName)", "proc.root": "\(self.configuration.procRoot)",
                "cgroup.layout": "\(collector.cgroupLayout)", "interval": "\(self.configuration.interval)",
            ]
        )
        let clock = ContinuousClock()
        var failures = 0
        var previousFailures = 0
        var agreement = PodAgreement()
        var kernel = KernelSignalsJoin()
        var windowFailed = false
        var windowOpened = clock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let started = clock.now
            do {
                var snapshot = try collector.collect()
                ClusterJoin.apply(
                    pods: self.podMetadata(),
                    node: self.nodeInfo(),
                    kubelet: self.kubelet(),
                    agreement: &agreement,
                    to: &snapshot
                )
                if let tracer = self.tracer {
                    kernel.apply(tracer.drain(), signals: tracer.signals, to: &snapshot)
                    self.openWindow(tracer, failed: &windowFailed)
                    windowOpened = clock.now
                }
                // Within what the server accepts: one odd process must never cost the node its snapshot.
                SnapshotLimits.standard.conform(&snapshot)
                let took = clock.now - started
                self.metrics?.pass(
                    snapshot,
                    seconds: took.inSeconds
                )
                self.report(snapshot, previousFailures: &previousFailures)
                self.logger.debug(
                    "Pass complete",
                    metadata: [
                        "containers": "\(snapshot.containers.count)", "processes": "\(snapshot.allProcesses.count)",
                        "duration": "\(clock.now - started)",
                    ]
                )
                await self.sink(snapshot)
            } catch {
                failures += 1
                self.metrics?.passFailed()
                self.logger.error("Pass failed", metadata: ["error": "\(error)", "failures.total": "\(failures)"])
            }
            // Graceful shutdown (SIGTERM) ends the wait at once instead of after the interval.
            if let tracer = self.tracer, tracer.isSampling {
                // From when it opened: a slow pass must not shorten the window.
                let closing = min(
                    windowOpened + tracer.window(of: self.configuration.interval),
                    started + self.configuration.interval
                )
                try? await cancelWhenGracefulShutdown { try await Task.sleep(until: closing, clock: clock) }
                tracer.closeWindow()
            }
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(until: started + self.configuration.interval, clock: clock)
            }
        }
    }
}

extension SamplerService {
    /// Starts this pass's sampling window (the run-queue and syscall programs attached until its end). A refusal is
    /// logged when it starts and when it ends, not every pass; the snapshot then has no counts for those signals.
    func openWindow(_ tracer: KernelTracer, failed: inout Bool) {
        let refusal = tracer.openWindow()
        if let refusal, !failed {
            self.logger.warning(
                "eBPF sampling window not opened; runqueue and syscalls go uncounted",
                metadata: ["error": "\(refusal)"]
            )
        } else if refusal == nil, failed {
            self.logger.info("eBPF sampling windows open again")
        }
        failed = refusal != nil
    }

    /// One line per pass at most, never one per file: a node with 16,000 processes could otherwise log
    /// thousands every 5 s. Failed reads are a warning when their count changes, else debug; the details are
    /// in the snapshot (node page) and at debug level.
    func report(_ snapshot: Snapshot, previousFailures: inout Int) {
        if let shortfalls = snapshot.agent?.descriptorShortfalls, shortfalls > 0 {
            self.logger.warning(
                "Out of descriptors: some files could not be opened this pass (the snapshot is sent without them)",
                metadata: [
                    "files": "\(shortfalls)", "descriptors.limit": "\(DescriptorLimit.current)",
                    "descriptors.kept": "\(snapshot.agent?.descriptorsKept ?? 0)",
                ]
            )
        }
        defer { previousFailures = snapshot.errors.count }
        guard !snapshot.errors.isEmpty else { return }
        let first = snapshot.errors.prefix(3).map { "\($0.file): \($0.message)" }.joined(separator: "; ")
        self.logger.log(
            level: snapshot.errors.count == previousFailures ? .debug : .warning,
            "Reads failed this pass (listed on the node page)",
            metadata: ["count": "\(snapshot.errors.count)", "first": "\(first)"]
        )
        for issue in snapshot.errors {
            self.logger.debug("Read failed", metadata: ["file": "\(issue.file)", "error": "\(issue.message)"])
        }
    }
}

extension SamplerService: CustomStringConvertible {
    /// What service-lifecycle logs for this service.
    public var description: String { "SamplerService" }
}
