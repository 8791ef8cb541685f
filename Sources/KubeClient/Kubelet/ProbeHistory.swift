public import Telemetry

/// The kubelet's probe counters over time, so that a snapshot can say how many probes failed in about the last
/// minute and when a container's failures last rose. Fed one `/metrics/probes` reading per poll.
public struct ProbeHistory: Sendable {
    struct Key: Hashable {
        var namespace: String
        var pod: String
        var container: String
        var probeType: String
    }

    /// The window "recent failures" covers.
    static let window: Int64 = 60_000
    private var readings: [Key: [(milliseconds: Int64, failed: UInt64)]] = [:]
    private var lastFailure: [Key: Int64] = [:]

    public init() {}

    /// The probe results in `samples` (`prober_probe_total` with container, namespace, pod, probe_type and
    /// result labels), each with its recent failures and last failure; probes no longer reported are forgotten.
    public mutating func update(_ samples: [PrometheusText.Sample], nowMilliseconds now: Int64) -> [ProbeResult] {
        var counts: [Key: (successful: UInt64, failed: UInt64, unknown: UInt64)] = [:]
        for sample in samples where sample.name == "prober_probe_total" {
            let labels = sample.labels
            guard let namespace = labels["namespace"], let pod = labels["pod"], let container = labels["container"],
                let probeType = labels["probe_type"], sample.value.isFinite, sample.value >= 0
            else { continue }
            // Counters are integers; a value past 2^63 is absurd and clamped rather than trapping.
            let value = sample.value < 9.2e18 ? UInt64(sample.value) : UInt64(Int64.max)
            let key = Key(namespace: namespace, pod: pod, container: container, probeType: probeType)
            var entry = counts[key] ?? (0, 0, 0)
            switch labels["result"] {
            case "successful": entry.successful = value
            case "failed": entry.failed = value
            default: entry.unknown = value
            }
            counts[key] = entry
        }
        var results: [ProbeResult] = []
        var kept: [Key: [(milliseconds: Int64, failed: UInt64)]] = [:]
        for (key, entry) in counts {
            var history = (self.readings[key] ?? []).filter { $0.milliseconds >= now - 2 * Self.window }
            if let previous = history.last, entry.failed < previous.failed { history = [] }  // the kubelet restarted
            if let previous = history.last, entry.failed > previous.failed { self.lastFailure[key] = now }
            let base = history.last { $0.milliseconds <= now - Self.window } ?? history.first
            history.append((now, entry.failed))
            kept[key] = history
            var result = ProbeResult()
            result.namespace = key.namespace
            result.pod = key.pod
            result.container = key.container
            result.probeType = key.probeType
            result.successful = entry.successful
            result.failed = entry.failed
            result.unknown = entry.unknown
            result.recentFailures = base.map { entry.failed - min($0.failed, entry.failed) } ?? 0
            result.lastFailureMilliseconds = self.lastFailure[key]
            results.append(result)
        }
        self.readings = kept
        self.lastFailure = self.lastFailure.filter { kept[$0.key] != nil }
        return results.sorted {
            ($0.namespace, $0.pod, $0.container, $0.probeType) < ($1.namespace, $1.pod, $1.container, $1.probeType)
        }
    }
}
