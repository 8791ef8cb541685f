/// The kubelet's `/metrics/resource` per container: its working set, and its CPU use in cores from the change of
/// `container_cpu_usage_seconds_total` between two readings (the kubelet stamps each sample; the agent's clock is
/// used when it does not). A second source for the kubelet's own view where `/stats/summary` is missing a part.
public struct ResourceHistory: Sendable {
    public struct Usage: Sendable, Hashable {
        public var workingSetBytes: UInt64?
        public var cpuNanoCores: UInt64?
    }

    struct Key: Hashable {
        var namespace: String
        var pod: String
        var container: String
    }

    private var cpu = CounterRates()

    public init() {}

    /// Usage by `namespace/pod/container`.
    public mutating func update(_ samples: [PrometheusText.Sample], nowMilliseconds now: Int64) -> [String: Usage] {
        var usage: [Key: Usage] = [:]
        for sample in samples {
            guard let namespace = sample.labels["namespace"], let pod = sample.labels["pod"],
                let container = sample.labels["container"], sample.value.isFinite, sample.value >= 0
            else { continue }
            let key = Key(namespace: namespace, pod: pod, container: container)
            switch sample.name {
            case "container_memory_working_set_bytes":
                usage[key, default: Usage()].workingSetBytes = sample.value < 1.8e19 ? UInt64(sample.value) : nil
            case "container_cpu_usage_seconds_total":
                if let cores = self.cpu.rate("\(namespace)/\(pod)/\(container)", sample.value, nowMilliseconds: now) {
                    usage[key, default: Usage()].cpuNanoCores = cores < 1.8e10 ? UInt64(cores * 1e9) : nil
                }
            default: continue
            }
        }
        self.cpu.finish()
        return Dictionary(
            uniqueKeysWithValues: usage.map { ("\($0.key.namespace)/\($0.key.pod)/\($0.key.container)", $0.value) }
        )
    }

    public static let names: Set<String> = ["container_memory_working_set_bytes", "container_cpu_usage_seconds_total"]
}
