package import Telemetry

extension PodRow {
    /// Every pod of a node's snapshot (in no particular order: every page sorts what it shows): the same rows as
    /// ``PodRow/init(_:node:)`` over ``PodSummary/pods(snapshot:rates:)``, built in one pass over the containers,
    /// since this runs for every snapshot of every node while a cluster page is open (grouping each pod's
    /// containers into summaries first cost as much as the rates).
    package static func rows(node: String, snapshot: Snapshot, rates: SnapshotRates?) -> [PodRow] {
        let containerRates = rates?.containers ?? []
        var rateIndex: [ContainerKey: Int]?
        func rate(_ index: Int, _ container: ContainerSnapshot) -> ContainerRates? {
            if index < containerRates.count, containerRates[index].key == container.key { return containerRates[index] }
            if rateIndex == nil {
                rateIndex = Dictionary(
                    containerRates.indices.map { (containerRates[$0].key, $0) },
                    uniquingKeysWith: { first, _ in first }
                )
            }
            return rateIndex?[container.key].map { containerRates[$0] }
        }
        var sums: [String: Sums] = [:]
        var order: [String] = []
        for (index, container) in snapshot.containers.enumerated() {
            let uid = container.identity.podUID
            if sums[uid] == nil { order.append(uid) }
            sums[uid, default: Sums()].add(container, container.isSandbox ? nil : rate(index, container))
        }
        // Positions, not copies: a pod's metadata holds arrays of containers and labels.
        let metadata = Dictionary(
            snapshot.pods.indices.map { (snapshot.pods[$0].uid, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        for pod in snapshot.pods where sums[pod.uid] == nil {
            sums[pod.uid] = Sums()
            order.append(pod.uid)
        }
        let namespaces = Dictionary(
            (rates?.networkNamespaces ?? []).map { ($0.inode, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let hostNamespace = snapshot.networkNamespaces.first { $0.isHost }?.inode
        var rows: [PodRow] = []
        rows.reserveCapacity(order.count)
        for uid in order {
            guard let sum = sums[uid] else { continue }
            let info = metadata[uid].map { snapshot.pods[$0] }
            let hostNetwork = sum.networkNamespace != nil && sum.networkNamespace == hostNamespace
            let network = hostNetwork ? nil : sum.networkNamespace.flatMap { namespaces[$0] }
            rows.append(
                PodRow(
                    node: node,
                    uid: uid,
                    info: info,
                    sums: sum,
                    network: network.flatMap { network in
                        network.rxBytesPerSecond.flatMap { received in network.txBytesPerSecond.map { received + $0 } }
                    }
                )
            )
        }
        return rows
    }

    private init(node: String, uid: String, info: PodMetadata?, sums: Sums, network: Double?) {
        self.node = node
        self.uid = uid
        self.namespace = info?.namespace ?? "_"
        self.name = info?.name ?? uid
        self.workloadKind = info?.ownerKind ?? ""
        self.workloadName = info?.ownerName ?? ""
        self.status = PodSummary.status(info, phase: info?.phase ?? "")
        self.ready = info.map { $0.ready || $0.phase == "Succeeded" }
        self.restarts = info.map { $0.containers.lazy.map { UInt64($0.restartCount) }.saturatingSum() }
        self.cpuCores = sums.cpu.value
        self.cpuLimitCores = sums.cpuLimit.value
        self.memoryWorkingSetBytes = sums.memory.value
        self.memoryLimitBytes = sums.memoryLimit.value
        self.diskBytesPerSecond = sums.disk.value
        let requests = (info?.containers ?? []).filter { !$0.isInit }
        let cpuRequests = requests.compactMap(\.cpuRequestMillicores)
        self.cpuRequestCores = cpuRequests.isEmpty ? nil : Double(cpuRequests.saturatingSum()) / 1000
        let memoryRequests = requests.compactMap(\.memoryRequestBytes)
        self.memoryRequestBytes = memoryRequests.isEmpty ? nil : Double(memoryRequests.saturatingSum())
        self.networkBytesPerSecond = network
        self.processes = sums.processes
        self.labels = info?.labels ?? []
    }
}

/// A pod's workload containers summed as ``PodSummary/sum(_:)`` sums them: nil when there is none or any is
/// unknown.
private struct Sums {
    struct Total {
        var total = 0.0
        var count = 0
        var unknown = false

        mutating func add(_ value: Double?) {
            count += 1
            if let value { total += value } else { unknown = true }
        }

        var value: Double? { self.count == 0 || self.unknown ? nil : self.total }
    }

    var cpu = Total()
    var cpuLimit = Total()
    var memory = Total()
    var memoryLimit = Total()
    var disk = Total()
    var processes = 0
    var networkNamespace: UInt64?

    /// `rates` nil for the sandbox, which takes no part in the sums (only in the network namespace).
    mutating func add(_ container: ContainerSnapshot, _ rates: ContainerRates?) {
        if self.networkNamespace == nil { self.networkNamespace = container.networkNamespace }
        guard !container.isSandbox else { return }
        self.cpu.add(rates?.cpuCores)
        self.cpuLimit.add(rates?.cpuLimitCores)
        let cgroup = container.packedCgroup
        self.memory.add(cgroup?.value(.memoryWorkingSet).map { Double($0) })
        self.memoryLimit.add(cgroup?.value(.memoryLimit).map { Double($0) })
        self.disk.add(rates?.ioReadBytesPerSecond)
        self.disk.add(rates?.ioWriteBytesPerSecond)
        self.processes += container.processes.count
    }
}
