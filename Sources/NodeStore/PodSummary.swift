package import Telemetry

/// A pod as the pages show it: its containers with their rates, summed usage, and where to link.
package struct PodSummary {
    package var uid: String
    /// Namespace and name from the API (or the dev simulation); "_" and the UID when unknown.
    package var namespace: String
    package var name: String
    package var phase: String
    package var containers: [ContainerSummary]
    package var network: NamespaceRates?
    package var hostNetwork: Bool
    /// What the Kubernetes API (or the dev simulation) says; nil for pods it has not named.
    package var info: PodMetadata?

    /// `Deployment checkout`, or "—".
    package var workload: String {
        guard let info, !info.ownerKind.isEmpty else { return "—" }
        return info.ownerName.isEmpty ? info.ownerKind : "\(info.ownerKind) \(info.ownerName)"
    }

    /// Summed restart counts of the pod's containers (each a UInt32 from the API; the sum is wider and saturates).
    package var restarts: UInt64? {
        self.info.map { $0.containers.lazy.map { UInt64($0.restartCount) }.saturatingSum() }
    }

    /// The phase, or what is wrong: a pod reason (Evicted) or a container's (CrashLoopBackOff, OOMKilled).
    package var status: String { Self.status(self.info, phase: self.phase) }

    package static func status(_ info: PodMetadata?, phase: String) -> String {
        guard let info else { return phase }
        if !info.reason.isEmpty { return info.reason }
        if let waiting = info.containers.first(where: { $0.state != "running" && !$0.reason.isEmpty && !$0.isInit }) {
            return waiting.reason
        }
        return info.phase
    }

    package struct ContainerSummary {
        package var snapshot: ContainerSnapshot
        package var rates: ContainerRates?
        package var name: String
    }

    /// The containers that count in the pod's totals: all but the sandbox (pause) container, whose cgroup has
    /// no limit and whose usage is the runtime's, not the workload's.
    package var workloadContainers: [ContainerSummary] { self.containers.filter { !$0.snapshot.isSandbox } }

    package var cpuCores: Double? { Self.sum(self.workloadContainers.map(\.rates?.cpuCores)) }
    /// Summed CPU limit; nil unless every container has one.
    package var cpuLimitCores: Double? { Self.sum(self.workloadContainers.map(\.rates?.cpuLimitCores)) }
    package var memoryWorkingSet: Double? {
        Self.sum(self.workloadContainers.map { $0.snapshot.packedCgroup?.value(.memoryWorkingSet).map { Double($0) } })
    }
    package var memoryLimit: Double? {
        Self.sum(self.workloadContainers.map { $0.snapshot.packedCgroup?.value(.memoryLimit).map { Double($0) } })
    }
    /// Summed CPU requests of the app containers (the API's view); nil when none has one.
    package var cpuRequestCores: Double? {
        let requests = (self.info?.containers ?? []).filter { !$0.isInit }.compactMap(\.cpuRequestMillicores)
        return requests.isEmpty ? nil : Double(requests.saturatingSum()) / 1000
    }
    package var memoryRequest: Double? {
        let requests = (self.info?.containers ?? []).filter { !$0.isInit }.compactMap(\.memoryRequestBytes)
        return requests.isEmpty ? nil : Double(requests.saturatingSum())
    }
    package var diskBytesPerSecond: Double? {
        Self.sum(self.workloadContainers.flatMap { [$0.rates?.ioReadBytesPerSecond, $0.rates?.ioWriteBytesPerSecond] })
    }
    package var processCount: Int { self.workloadContainers.reduce(0) { $0 + $1.snapshot.processes.count } }

    /// 1 when the pod is not Ready (a finished pod, Succeeded, counts as ready); nil without the API.
    package var notReady: Double? {
        guard let info else { return nil }
        return info.ready || info.phase == "Succeeded" ? 0 : 1
    }

    package static func sum(_ values: [Double?]) -> Double? {
        guard !values.isEmpty else { return nil }
        var total = 0.0
        for value in values {
            guard let value else { return nil }
            total += value
        }
        return total
    }

    /// Groups a node's containers into pods, sorted by namespace then name.
    package static func pods(of state: NodeState) -> [PodSummary] {
        Self.pods(snapshot: state.snapshot, rates: state.rates)
    }

    package static func pods(snapshot: Snapshot, rates snapshotRates: SnapshotRates?) -> [PodSummary] {
        let metadata = Dictionary(snapshot.pods.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        let rates = Dictionary(
            (snapshotRates?.containers ?? []).map { ($0.key, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let namespaces = Dictionary(
            (snapshotRates?.networkNamespaces ?? []).map { ($0.inode, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let hostNamespace = snapshot.networkNamespaces.first { $0.isHost }?.inode
        var byPod: [String: [ContainerSnapshot]] = [:]
        for container in snapshot.containers { byPod[container.identity.podUID, default: []].append(container) }
        // Pods the API names but that have no cgroup here yet (Pending, or every container waiting) are shown too.
        for pod in snapshot.pods where byPod[pod.uid] == nil { byPod[pod.uid] = [] }
        return byPod.map { uid, containers in
            let info = metadata[uid]
            let names = Dictionary(
                (info?.containers ?? []).map { ($0.id, $0.name) },
                uniquingKeysWith: { first, _ in first }
            )
            let namespace = containers.compactMap(\.networkNamespace).first
            return PodSummary(
                uid: uid,
                namespace: info?.namespace ?? "_",
                name: info?.name ?? uid,
                phase: info?.phase ?? "",
                containers: containers.map { container in
                    let id = container.identity.containerID ?? ""
                    return ContainerSummary(
                        snapshot: container,
                        rates: rates[container.key],
                        name: container.displayName(apiName: names[id])
                    )
                }.sorted { $0.name < $1.name },
                network: namespace.flatMap { namespaces[$0] },
                hostNetwork: namespace != nil && namespace == hostNamespace,
                info: info
            )
        }.sorted { ($0.namespace, $0.name, $0.uid) < ($1.namespace, $1.name, $1.uid) }
    }
}
