import Telemetry

/// Pods' usage summed (a namespace's, a workload's, the cluster's): known values add up, unknown ones (no rate
/// yet, no limit, no API) are left out, and how many pods are counted is kept beside the sums.
public struct UsageTotals: Sendable, Hashable {
    public var pods = 0
    /// Pods the API says are not Ready (finished pods count as ready).
    public var notReady = 0
    public var restarts: UInt64 = 0
    public var cpuCores = 0.0
    public var cpuRequestCores = 0.0
    public var cpuLimitCores = 0.0
    public var memoryWorkingSetBytes = 0.0
    public var memoryRequestBytes = 0.0
    public var memoryLimitBytes = 0.0
    public var networkBytesPerSecond = 0.0
    public var diskBytesPerSecond = 0.0
    public var processes = 0
    /// Nodes the pods run on.
    public var nodes: Set<String> = []

    public init() {}

    public mutating func add(_ pod: PodRow) {
        self.pods += 1
        if pod.ready == false { self.notReady += 1 }
        self.restarts = self.restarts.addingSaturating(pod.restarts ?? 0)
        self.cpuCores += Self.finite(pod.cpuCores)
        self.cpuRequestCores += Self.finite(pod.cpuRequestCores)
        self.cpuLimitCores += Self.finite(pod.cpuLimitCores)
        self.memoryWorkingSetBytes += Self.finite(pod.memoryWorkingSetBytes)
        self.memoryRequestBytes += Self.finite(pod.memoryRequestBytes)
        self.memoryLimitBytes += Self.finite(pod.memoryLimitBytes)
        self.networkBytesPerSecond += Self.finite(pod.networkBytesPerSecond)
        self.diskBytesPerSecond += Self.finite(pod.diskBytesPerSecond)
        self.processes += pod.processes
        self.nodes.insert(pod.node)
    }

    /// Values are validated at ingest; this keeps one absurd one from making a whole total NaN anyway.
    private static func finite(_ value: Double?) -> Double {
        guard let value, value.isFinite else { return 0 }
        return value
    }
}
