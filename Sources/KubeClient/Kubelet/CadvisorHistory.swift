/// cAdvisor's view (`/metrics/cadvisor`) of what the agent may not be able to read itself: without ptrace the
/// agent cannot enter another process's network namespace or read its I/O counters. Per pod, network bytes per
/// second summed over its interfaces; per container, filesystem bytes read and written per second summed over
/// its devices. Marked as cAdvisor's wherever shown.
public struct CadvisorHistory: Sendable {
    public struct PodNetwork: Sendable, Hashable {
        public var receiveBytesPerSecond: Double?
        public var transmitBytesPerSecond: Double?
    }

    public struct ContainerFilesystem: Sendable, Hashable {
        public var readBytesPerSecond: Double?
        public var writeBytesPerSecond: Double?
    }

    public static let names: Set<String> = [
        "container_network_receive_bytes_total", "container_network_transmit_bytes_total",
        "container_fs_reads_bytes_total", "container_fs_writes_bytes_total",
    ]

    private var rates = CounterRates()

    public init() {}

    /// Network by `namespace/pod`, filesystem by `namespace/pod/container`.
    public mutating func update(
        _ samples: [PrometheusText.Sample],
        nowMilliseconds now: Int64
    ) -> (network: [String: PodNetwork], filesystem: [String: ContainerFilesystem]) {
        var network: [String: PodNetwork] = [:]
        var filesystem: [String: ContainerFilesystem] = [:]
        for sample in samples {
            guard let namespace = sample.labels["namespace"], let pod = sample.labels["pod"], !pod.isEmpty else {
                continue
            }
            let series =
                "\(sample.name)/\(namespace)/\(pod)/\(sample.labels["container"] ?? "")"
                + "/\(sample.labels["interface"] ?? "")/\(sample.labels["device"] ?? "")"
            guard let rate = self.rates.rate(series, sample.value, nowMilliseconds: now) else { continue }
            let podKey = "\(namespace)/\(pod)"
            let containerKey = "\(podKey)/\(sample.labels["container"] ?? "")"
            switch sample.name {
            case "container_network_receive_bytes_total":
                network[podKey, default: PodNetwork()].receiveBytesPerSecond =
                    (network[podKey]?.receiveBytesPerSecond ?? 0) + rate
            case "container_network_transmit_bytes_total":
                network[podKey, default: PodNetwork()].transmitBytesPerSecond =
                    (network[podKey]?.transmitBytesPerSecond ?? 0) + rate
            case "container_fs_reads_bytes_total":
                filesystem[containerKey, default: ContainerFilesystem()].readBytesPerSecond =
                    (filesystem[containerKey]?.readBytesPerSecond ?? 0) + rate
            case "container_fs_writes_bytes_total":
                filesystem[containerKey, default: ContainerFilesystem()].writeBytesPerSecond =
                    (filesystem[containerKey]?.writeBytesPerSecond ?? 0) + rate
            default: continue
            }
        }
        self.rates.finish()
        return (network, filesystem)
    }
}
