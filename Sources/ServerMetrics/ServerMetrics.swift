public import CoreMetrics
import Prometheus
import Telemetry

/// Podwatch's own series (`podwatch_*` on the server's `/metrics`): ingest, alert evaluation, notifications and
/// page rendering, recorded through swift-metrics into a Prometheus registry of this server's own — not the
/// process-wide `MetricsSystem`, which can be bootstrapped once per process (tests run many servers in one).
public final class ServerMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    let snapshotsReceived: CoreMetrics.Counter
    let connectionsAccepted: CoreMetrics.Counter
    let connectionsRejected: CoreMetrics.Counter
    let framesRefused: CoreMetrics.Counter
    let tlsHandshakesFailed: CoreMetrics.Counter
    let alertEvaluation: CoreMetrics.Timer
    let notificationsDelivered: CoreMetrics.Counter
    let notificationsFailed: CoreMetrics.Counter
    let pageRender: CoreMetrics.Timer
    let alertingLeading: CoreMetrics.Gauge

    /// - Parameter also: another backend every series is recorded into as well (the OTLP exporter's).
    public init(also: (any MetricsFactory)? = nil) {
        let registry = PrometheusCollectorRegistry()
        let prometheus = PrometheusMetricsFactory(registry: registry)
        let factory: any MetricsFactory =
            also.map { MultiplexMetricsHandler(factories: [prometheus, $0]) } ?? prometheus
        self.registry = registry
        self.snapshotsReceived = CoreMetrics.Counter(label: "podwatch_ingest_snapshots_total", factory: factory)
        self.connectionsAccepted = CoreMetrics.Counter(
            label: "podwatch_ingest_connections_accepted_total",
            factory: factory
        )
        self.connectionsRejected = CoreMetrics.Counter(
            label: "podwatch_ingest_connections_rejected_total",
            factory: factory
        )
        self.framesRefused = CoreMetrics.Counter(label: "podwatch_ingest_frames_refused_total", factory: factory)
        self.tlsHandshakesFailed = CoreMetrics.Counter(
            label: "podwatch_ingest_tls_handshakes_failed_total",
            factory: factory
        )
        self.alertEvaluation = CoreMetrics.Timer(label: "podwatch_alert_evaluation_seconds", factory: factory)
        self.notificationsDelivered = CoreMetrics.Counter(
            label: "podwatch_notifications_total",
            dimensions: [("result", "delivered")],
            factory: factory
        )
        self.notificationsFailed = CoreMetrics.Counter(
            label: "podwatch_notifications_total",
            dimensions: [("result", "failed")],
            factory: factory
        )
        self.pageRender = CoreMetrics.Timer(label: "podwatch_page_render_seconds", factory: factory)
        self.alertingLeading = CoreMetrics.Gauge(label: "podwatch_alerting_leading", factory: factory)
    }

    public func snapshotReceived() { self.snapshotsReceived.increment() }
    public func connectionAccepted() { self.connectionsAccepted.increment() }
    public func connectionRejected() { self.connectionsRejected.increment() }
    public func frameRefused() { self.framesRefused.increment() }
    public func tlsHandshakeFailed() { self.tlsHandshakesFailed.increment() }
    public func notification(delivered: Bool) {
        (delivered ? self.notificationsDelivered : self.notificationsFailed).increment()
    }
    public func alertEvaluated(in duration: Duration) {
        self.alertEvaluation.recordNanoseconds(duration.saturatingNanoseconds)
    }
    /// Whether this replica evaluates and notifies (leads, or runs without a database); across replicas the
    /// sum should be 1.
    public func alerting(leading: Bool) { self.alertingLeading.record(leading ? 1 : 0) }
    public func pageRendered(in duration: Duration) {
        self.pageRender.recordNanoseconds(duration.saturatingNanoseconds)
    }

    /// What each family means: swift-metrics has no place for it, so the exposition adds the `# HELP` lines.
    static let help = [
        "podwatch_ingest_snapshots_total": "Snapshots received from agents.",
        "podwatch_ingest_connections_accepted_total": "Agent connections accepted.",
        "podwatch_ingest_connections_rejected_total": "Agent connections rejected (token, identity, limits).",
        "podwatch_ingest_frames_refused_total": "Frames refused: malformed, or a snapshot past a limit.",
        "podwatch_ingest_tls_handshakes_failed_total": "TLS handshakes on the ingest port that failed.",
        "podwatch_alert_evaluation_seconds": "Time one evaluation of every alert rule took.",
        "podwatch_notifications_total": "Alert notifications by result (delivered, failed for good).",
        "podwatch_page_render_seconds": "Time one page, fragment or list took to render (cached answers excluded).",
        "podwatch_alerting_leading":
            "1 when this replica evaluates alerts and notifies (it leads, or runs without a database), else 0.",
    ]

    /// The registry's series in the Prometheus text format, or OpenMetrics (counter families named without
    /// `_total`; the caller ends the whole answer with `# EOF`), each family with its `# HELP`.
    public func exposition(openMetrics: Bool) -> String {
        var lines: [String] = []
        for line in self.registry.emitToString().split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard line.hasPrefix("# TYPE "), parts.count == 4 else {
                if !line.hasPrefix("# HELP ") { lines.append(String(line)) }
                continue
            }
            let name = String(parts[2])
            let family =
                openMetrics && parts[3] == "counter" && name.hasSuffix("_total") ? String(name.dropLast(6)) : name
            lines.append("# HELP \(family) \(Self.help[name] ?? "Podwatch's own series.")")
            lines.append("# TYPE \(family) \(parts[3])")
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
