public import Telemetry

/// What the kubelet's `/metrics` says about the kubelet itself: average pod start and PLEG relist durations
/// since it started (each histogram's sum over its count) and container runtime operation errors by operation.
public struct KubeletSelfMetrics: Sendable, Hashable {
    public var podStartSecondsAverage: Double?
    public var plegRelistSecondsAverage: Double?
    public var runtimeOperationErrors: [RuntimeOperationErrors] = []

    /// The metric names read from `/metrics` (everything else there is skipped unparsed).
    public static let names: Set<String> = [
        "kubelet_pod_start_duration_seconds_sum", "kubelet_pod_start_duration_seconds_count",
        "kubelet_pleg_relist_duration_seconds_sum", "kubelet_pleg_relist_duration_seconds_count",
        "kubelet_runtime_operations_errors_total",
    ]

    public init(_ samples: [PrometheusText.Sample]) {
        func total(_ name: String) -> Double? {
            let values = samples.filter { $0.name == name && $0.value.isFinite && $0.value >= 0 }.map(\.value)
            return values.isEmpty ? nil : values.reduce(0, +)
        }
        func average(_ histogram: String) -> Double? {
            guard let sum = total(histogram + "_sum"), let count = total(histogram + "_count"), count > 0 else {
                return nil
            }
            return sum / count
        }
        self.podStartSecondsAverage = average("kubelet_pod_start_duration_seconds")
        self.plegRelistSecondsAverage = average("kubelet_pleg_relist_duration_seconds")
        var errors: [String: Double] = [:]
        for sample in samples where sample.name == "kubelet_runtime_operations_errors_total" {
            guard sample.value.isFinite, sample.value >= 0 else { continue }
            errors[sample.labels["operation_type"] ?? "", default: 0] += sample.value
        }
        self.runtimeOperationErrors = errors.filter { $0.value > 0 }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map {
                RuntimeOperationErrors(
                    operation: $0.key,
                    count: $0.value < 9.2e18 ? UInt64($0.value) : UInt64(Int64.max)
                )
            }
    }
}
