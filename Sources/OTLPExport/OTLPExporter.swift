public import CoreMetrics
public import Logging
import MetricsExport
public import NodeStore
import OTel
public import ServiceLifecycle
import Telemetry

/// `--otlp-endpoint`: the series of `/metrics` — every node, pod and container under the same names and labels —
/// recorded every `interval` into swift-otel's metrics backend (not the process-wide `MetricsSystem`: tests run
/// many servers), which pushes them over OTLP/HTTP (protobuf) to `endpoint/v1/metrics`. Counters stay cumulative;
/// series that left the cache are dropped from the next export.
public struct OTLPExporter: Service {
    /// What the server's own `podwatch_*` series are recorded into as well (``ServerMetrics``' `also`).
    public let factory: any MetricsFactory
    let backend: any Service
    let cache: LiveCache
    let interval: Duration
    let processes: Bool
    let logger: Logger

    public init(
        endpoint: String,
        interval: Duration,
        cache: LiveCache,
        processes: Bool,
        logger: Logger
    ) throws {
        var configuration = OTel.Configuration.default
        configuration.serviceName = "podwatch-server"
        configuration.traces.enabled = false
        configuration.logs.enabled = false
        configuration.metrics.enabled = true
        configuration.metrics.exportInterval = interval
        // A collector's base URL (as OTEL_EXPORTER_OTLP_ENDPOINT) gets the metrics path; an explicit endpoint is used
        // as it is by swift-otel.
        var url = endpoint
        while url.hasSuffix("/") { url.removeLast() }
        configuration.metrics.otlpExporter.endpoint = url.hasSuffix("/v1/metrics") ? url : url + "/v1/metrics"
        configuration.metrics.otlpExporter.protocol = .httpProtobuf
        let (factory, service) = try OTel.makeMetricsBackend(configuration: configuration)
        self.factory = factory
        self.backend = service
        self.cache = cache
        self.interval = interval
        self.processes = processes
        self.logger = logger
    }

    public func run() async throws {
        let recorder = OTLPSeriesRecorder(factory: self.factory)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.backend.run() }
            group.addTask {
                // Recorded every interval; the backend exports what is recorded when its own interval ends.
                await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        let samples = MetricsExposition.samples(
                            self.cache.all(),
                            nowMilliseconds: WallClock.milliseconds(),
                            processes: self.processes
                        )
                        recorder.record(samples)
                        try? await Task.sleep(for: self.interval)
                    }
                }
            }
        }
    }
}
