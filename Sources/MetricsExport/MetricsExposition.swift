public import NodeStore
import Telemetry

/// The server's `/metrics`: every node, pod and container in the cache under the names Prometheus users already
/// query — node_exporter's for nodes, cAdvisor's for containers, kube-state-metrics' for pod status — labelled
/// with `node` (and `namespace`, `pod`, `container`), plus Podwatch's own `podwatch_*` series. Counters are the
/// agents' raw cumulative values in base units (seconds, bytes), so PromQL's `rate()` works on them as on the
/// originals. A stale node's series are left out but its `podwatch_node_stale` is 1.
public enum MetricsExposition: Sendable {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    public static let openMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    /// Whether a request's `Accept` asks for OpenMetrics (Prometheus lists it first).
    public static func wantsOpenMetrics(accept: String?) -> Bool {
        accept?.contains("application/openmetrics-text") == true
    }

    /// `processes`: every process of every pod too (`--metrics-processes`). `own`: the server's own series (``ServerMetrics``), already in the chosen format, placed before OpenMetrics'
    /// closing line.
    public static func text(
        _ nodes: [NodeState],
        nowMilliseconds: Int64,
        openMetrics: Bool = false,
        processes: Bool = false,
        own: String = ""
    ) -> String {
        var writer = PrometheusWriter(openMetrics: openMetrics)
        Self.write(nodes, nowMilliseconds: nowMilliseconds, processes: processes, &writer)
        writer.append(own)
        return writer.finished
    }

    /// The same series as values (histograms' buckets aside: the cache has none), for the OTLP exporter.
    public static func samples(_ nodes: [NodeState], nowMilliseconds: Int64, processes: Bool = false) -> [Sample] {
        var writer = PrometheusWriter(capturing: true)
        Self.write(nodes, nowMilliseconds: nowMilliseconds, processes: processes, &writer)
        return (writer.captured ?? []).map {
            Sample(name: $0.name, isCounter: $0.kind == .counter, labels: $0.labels, value: $0.value)
        }
    }

    /// One series' value: a counter (cumulative) or a gauge.
    public struct Sample: Sendable {
        public var name: String
        public var isCounter: Bool
        public var labels: [(String, String)]
        public var value: Double
    }

    static func write(_ nodes: [NodeState], nowMilliseconds: Int64, processes: Bool, _ writer: inout PrometheusWriter) {
        writer.family("podwatch_nodes", .gauge, "Nodes the server knows (connected or stale).")
        writer.sample("podwatch_nodes", [:], Double(nodes.count))
        writer.family(
            "podwatch_node_stale",
            .gauge,
            "1 while the node's agent has sent nothing for the stale interval."
        )
        writer.family(
            "podwatch_node_snapshot_age_seconds",
            .gauge,
            "Seconds since the node's last snapshot arrived."
        )
        for node in nodes {
            writer.sample("podwatch_node_stale", ["node": node.name], node.isStale ? 1 : 0)
            writer.sample(
                "podwatch_node_snapshot_age_seconds",
                ["node": node.name],
                Double(max(0, nowMilliseconds - node.lastSeenWallMilliseconds)) / 1000
            )
        }
        for node in nodes where !node.isStale {
            NodeSeries.write(node, &writer)
        }
        for node in nodes where !node.isStale {
            ContainerSeries.write(node, &writer)
        }
        if processes { ProcessSeries.write(nodes, &writer) }
    }
}
