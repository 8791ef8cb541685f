public import Kube
public import Telemetry

/// One round of the kubelet's answers (`/healthz`, `/healthz/syncloop`, `/configz`, `/stats/summary`) and the
/// node's `pid_max`, kept by ``KubeletPoller`` until the next round. ``status(memory:load:)`` turns them into the
/// snapshot's ``KubeletStatus`` with each eviction signal read against the node's current figures.
public struct KubeletReadings: Sendable, Hashable {
    public var endpoint: String
    public var healthy: Bool?
    public var healthLatencyMicros: Int64?
    public var syncLoopHealthy: Bool?
    public var configuration: KubeletConfigz.Configuration?
    public var summary: KubeletStatsSummary.Node?
    /// The pods part of `/stats/summary`.
    public var podSummaries: [KubeletStatsSummary.PodStats] = []
    /// What the kubelet runs (`/pods`); nil when it could not be read.
    public var pods: [Pod]?
    /// Probe results per container (`/metrics/probes`).
    public var probes: [ProbeResult] = []
    /// `/metrics/resource` by `namespace/pod/container`: fills what `/stats/summary` lacks.
    public var resourceUsage: [String: ResourceHistory.Usage] = [:]
    /// `/metrics/cadvisor`: network by `namespace/pod`, filesystem I/O by `namespace/pod/container`.
    public var cadvisorNetwork: [String: CadvisorHistory.PodNetwork] = [:]
    public var cadvisorFilesystem: [String: CadvisorHistory.ContainerFilesystem] = [:]
    /// The kubelet's own health (`/metrics`); nil when it could not be read.
    public var selfMetrics: KubeletSelfMetrics?
    /// `/spec`; nil when the kubelet does not serve it (current kubelets answer 404) or it failed.
    public var machine: KubeletMachineSpec?
    /// `/proc/sys/kernel/pid_max` as the agent read it.
    public var pidMax: UInt64?
    public var errors: [KubeletEndpointError] = []

    /// One pod as the kubelet's `/pods` lists it.
    public struct Pod: Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var phase: String

        public init(namespace: String, name: String, phase: String) {
            self.namespace = namespace
            self.name = name
            self.phase = phase
        }
    }

    public init(endpoint: String) {
        self.endpoint = endpoint
    }

    /// The kubelet's signals in a stable order (others it reports follow, sorted).
    static let signalOrder = [
        "memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree",
        "pid.available",
    ]

    /// - Parameter node: the Node object, whose capacity stands in for `/spec` where the kubelet does not serve it.
    public func status(memory: Meminfo, load: LoadAvg?, node: NodeInfo? = nil) -> KubeletStatus {
        var status = KubeletStatus()
        status.endpoint = self.endpoint
        status.healthy = self.healthy
        status.healthLatencyMicros = self.healthLatencyMicros
        status.syncLoopHealthy = self.syncLoopHealthy
        status.errors = self.errors
        status.kubeletPods = self.pods.map { Int64($0.count) }
        status.probes = self.probes
        status.podStats = self.podSummaries.map { summary in
            var pod = KubeletPodStats()
            pod.namespace = summary.podRef?.namespace ?? ""
            pod.name = summary.podRef?.name ?? ""
            pod.uid = summary.podRef?.uid ?? ""
            pod.ephemeralUsedBytes = summary.ephemeralStorage?.usedBytes
            pod.containers = (summary.containers ?? []).map { stats in
                var container = KubeletContainerStats()
                container.name = stats.name ?? ""
                let resource = self.resourceUsage["\(pod.namespace)/\(pod.name)/\(container.name)"]
                container.cpuNanoCores = stats.cpu?.usageNanoCores ?? resource?.cpuNanoCores
                container.workingSetBytes = stats.memory?.workingSetBytes ?? resource?.workingSetBytes
                let io = self.cadvisorFilesystem["\(pod.namespace)/\(pod.name)/\(container.name)"]
                container.cadvisorFsReadBytesPerSecond = io?.readBytesPerSecond
                container.cadvisorFsWriteBytesPerSecond = io?.writeBytesPerSecond
                container.rootfsUsedBytes = stats.rootfs?.usedBytes
                container.logsUsedBytes = stats.logs?.usedBytes
                return container
            }
            return pod
        }
        if self.podSummaries.isEmpty, !self.resourceUsage.isEmpty {
            status.podStats = Self.podStats(from: self.resourceUsage)
        }
        for index in status.podStats.indices {
            let network = self.cadvisorNetwork["\(status.podStats[index].namespace)/\(status.podStats[index].name)"]
            status.podStats[index].cadvisorNetworkReceiveBytesPerSecond = network?.receiveBytesPerSecond
            status.podStats[index].cadvisorNetworkTransmitBytesPerSecond = network?.transmitBytesPerSecond
        }
        status.podStartSecondsAverage = self.selfMetrics?.podStartSecondsAverage
        status.plegRelistSecondsAverage = self.selfMetrics?.plegRelistSecondsAverage
        status.runtimeOperationErrors = self.selfMetrics?.runtimeOperationErrors ?? []
        if let machine = self.machine {
            (status.machineCores, status.machineMemoryBytes) = (machine.numCores, machine.memoryCapacity)
            status.machineSource = "kubelet /spec"
        } else if let node, node.cpuCapacityMillicores != nil || node.memoryCapacityBytes != nil {
            status.machineCores = node.cpuCapacityMillicores.map { $0 / 1000 }
            status.machineMemoryBytes = node.memoryCapacityBytes.flatMap { $0 >= 0 ? UInt64($0) : nil }
            status.machineSource = "Node object (the kubelet does not serve /spec)"
        }
        let fs = self.summary?.fs
        let imageFs = self.summary?.runtime?.imageFs
        status.nodeFsCapacityBytes = fs?.capacityBytes
        status.nodeFsAvailableBytes = fs?.availableBytes
        status.nodeFsInodes = fs?.inodes
        status.nodeFsInodesFree = fs?.inodesFree
        status.imageFsCapacityBytes = imageFs?.capacityBytes
        status.imageFsAvailableBytes = imageFs?.availableBytes
        let configuration = self.configuration
        status.reserved = [("kube", configuration?.kubeReserved), ("system", configuration?.systemReserved)].flatMap {
            kind,
            values in (values ?? [:]).sorted { $0.key < $1.key }.map { "\(kind) \($0.key)=\($0.value)" }
        }
        let hard = configuration?.evictionHard ?? [:]
        let soft = configuration?.evictionSoft ?? [:]
        let names = Set(hard.keys).union(soft.keys)
        let ordered = Self.signalOrder.filter(names.contains) + names.subtracting(Self.signalOrder).sorted()
        status.evictionSignals = ordered.map { name in
            var signal = EvictionSignal(signal: name, hard: hard[name] ?? "", soft: soft[name] ?? "")
            (signal.available, signal.capacity) = self.reading(name, memory: memory, load: load)
            signal.hardThreshold = Self.threshold(signal.hard, capacity: signal.capacity)
            signal.softThreshold = Self.threshold(signal.soft, capacity: signal.capacity)
            return signal
        }
        return status
    }

    /// What is available of the signal now, and of how much: memory from the agent's `/proc/meminfo`, PIDs from
    /// `pid_max` and the scheduling entities in `/proc/loadavg` (the kubelet counts the same), filesystems from
    /// the kubelet's own `/stats/summary`.
    private func reading(_ signal: String, memory: Meminfo, load: LoadAvg?) -> (UInt64?, UInt64?) {
        let fs = self.summary?.fs
        let imageFs = self.summary?.runtime?.imageFs
        switch signal {
        case "memory.available": return (memory.memAvailable, memory.memTotal)
        case "nodefs.available": return (fs?.availableBytes, fs?.capacityBytes)
        case "nodefs.inodesFree": return (fs?.inodesFree, fs?.inodes)
        case "imagefs.available": return (imageFs?.availableBytes, imageFs?.capacityBytes)
        case "imagefs.inodesFree": return (imageFs?.inodesFree, imageFs?.inodes)
        case "pid.available":
            guard let pidMax = self.pidMax, let entities = load?.entities else { return (nil, self.pidMax) }
            return (pidMax > entities ? pidMax - entities : 0, pidMax)
        default: return (nil, nil)
        }
    }

    /// Pods and containers from `/metrics/resource` alone (when `/stats/summary` gave none): no UID, no storage.
    static func podStats(from usage: [String: ResourceHistory.Usage]) -> [KubeletPodStats] {
        var pods: [String: KubeletPodStats] = [:]
        for (key, value) in usage {
            let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { continue }
            var pod = pods["\(parts[0])/\(parts[1])"] ?? KubeletPodStats()
            (pod.namespace, pod.name) = (parts[0], parts[1])
            var container = KubeletContainerStats()
            (container.name, container.workingSetBytes, container.cpuNanoCores) = (
                parts[2], value.workingSetBytes, value.cpuNanoCores
            )
            pod.containers.append(container)
            pods["\(parts[0])/\(parts[1])"] = pod
        }
        return pods.values.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }.map { pod in
            var pod = pod
            pod.containers.sort { $0.name < $1.name }
            return pod
        }
    }

    /// `10%` of the capacity, or a quantity (`100Mi`, `1000`); nil when unset or unreadable.
    static func threshold(_ text: String, capacity: UInt64?) -> UInt64? {
        guard !text.isEmpty else { return nil }
        if text.hasSuffix("%") {
            guard let percent = Double(text.dropLast()), (0...100).contains(percent), let capacity else { return nil }
            // Capacity comes from the kubelet: 100 % of UInt64.max must not trap on the way back from Double.
            let value = (Double(capacity) * percent / 100).rounded(.up)
            return value < 18_000_000_000_000_000_000 ? UInt64(value) : UInt64.max
        }
        return Quantity.bytes(text).map { UInt64($0) }
    }
}
