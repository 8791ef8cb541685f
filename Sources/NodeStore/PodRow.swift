public import Telemetry

/// One pod as the cluster-wide pages list it (namespaces, workloads, search, top pods): its node, names, status
/// and usage against requests and limits, taken once at ingest from the node's snapshot and rates
/// (``PodSummary``), so a page over a thousand nodes reads rows instead of regrouping every node's containers.
public struct PodRow: Sendable, Hashable {
    public var node: String
    public var uid: String
    public var namespace: String
    public var name: String
    /// `Deployment`, `StatefulSet`, … and its name; both "" for a bare pod or one the API has not named.
    public var workloadKind: String
    public var workloadName: String
    /// The phase, or what is wrong (``PodSummary/status``).
    public var status: String
    /// nil without the API.
    public var ready: Bool?
    public var restarts: UInt64?
    public var cpuCores: Double?
    public var cpuRequestCores: Double?
    public var cpuLimitCores: Double?
    public var memoryWorkingSetBytes: Double?
    public var memoryRequestBytes: Double?
    public var memoryLimitBytes: Double?
    /// Received plus transmitted by the pod's network namespace; nil on the host network or before a rate.
    public var networkBytesPerSecond: Double?
    public var diskBytesPerSecond: Double?
    public var processes: Int
    public var labels: [Label]

    /// `Deployment/checkout`, or "" (as alert subjects name workloads).
    public var workload: String { self.workloadKind.isEmpty ? "" : "\(self.workloadKind)/\(self.workloadName)" }

    /// The row of a pod summary (the definition ``rows(node:snapshot:rates:)`` computes faster).
    package init(_ pod: PodSummary, node: String) {
        self.node = node
        self.uid = pod.uid
        self.namespace = pod.namespace
        self.name = pod.name
        self.workloadKind = pod.info?.ownerKind ?? ""
        self.workloadName = pod.info?.ownerName ?? ""
        self.status = pod.status
        self.ready = pod.notReady.map { $0 == 0 }
        self.restarts = pod.restarts
        self.cpuCores = pod.cpuCores
        self.cpuRequestCores = pod.cpuRequestCores
        self.cpuLimitCores = pod.cpuLimitCores
        self.memoryWorkingSetBytes = pod.memoryWorkingSet
        self.memoryRequestBytes = pod.memoryRequest
        self.memoryLimitBytes = pod.memoryLimit
        self.networkBytesPerSecond =
            pod.hostNetwork
            ? nil
            : pod.network.flatMap { network in
                network.rxBytesPerSecond.flatMap { received in network.txBytesPerSecond.map { received + $0 } }
            }
        self.diskBytesPerSecond = pod.diskBytesPerSecond
        self.processes = pod.processCount
        self.labels = pod.info?.labels ?? []
    }
}
