public import Telemetry

/// The short history behind a node's sparklines, and those of its containers.
public struct NodeHistory: Sendable {
    public var cpuBusyPercent: Series
    public var memoryUsedPercent: Series
    public var networkBytesPerSecond: Series
    public var diskBytesPerSecond: Series
    public var load1: Series
    /// Each container's sparklines, in the order of the latest snapshot's containers, with their keys.
    private var histories: [ContainerHistory] = []
    private var keys: [ContainerKey] = []
    private var positions: [ContainerKey: Int] = [:]
    private let capacity: Int
    /// Per workload with pods on this node, their CPU and working set summed at each snapshot: a workload page
    /// adds a thousand nodes' two series instead of decoding every pod's containers' series.
    private var workloads: [WorkloadKey: ContainerHistory] = [:]

    package init(capacity: Int) {
        self.capacity = capacity
        self.cpuBusyPercent = Series(capacity: capacity)
        self.memoryUsedPercent = Series(capacity: capacity)
        self.networkBytesPerSecond = Series(capacity: capacity)
        self.diskBytesPerSecond = Series(capacity: capacity)
        self.load1 = Series(capacity: capacity)
    }

    /// One container's sparklines, if it was in the latest snapshot.
    public func container(_ key: ContainerKey) -> ContainerHistory? {
        self.positions[key].map { self.histories[$0] }
    }

    /// This node's share of a workload's history, if it runs pods of it.
    public func workload(_ key: WorkloadKey) -> ContainerHistory? { self.workloads[key] }

    /// Adds one point per workload with pods in `snapshot` (its workload containers' CPU and working set
    /// summed, unknown values left out); workloads gone from the node are dropped, new ones start empty. One pass
    /// over the containers: this runs at ingest.
    package mutating func appendWorkloads(_ snapshot: Snapshot, _ rates: SnapshotRates?) {
        // Workloads by slot, and each pod's slot: the containers below hash a pod UID, not three names.
        var keys: [WorkloadKey] = []
        var slots: [WorkloadKey: Int] = [:]
        var owners: [String: Int] = [:]
        for pod in snapshot.pods where !pod.ownerKind.isEmpty {
            let key = WorkloadKey(namespace: pod.namespace, kind: pod.ownerKind, name: pod.ownerName)
            let slot =
                slots[key]
                ?? {
                    keys.append(key)
                    slots[key] = keys.count - 1
                    return keys.count - 1
                }()
            owners[pod.uid] = slot
        }
        let containerRates = rates?.containers ?? []
        var cpu = [Double?](repeating: nil, count: keys.count)
        var memory = [Double?](repeating: nil, count: keys.count)
        var present = [Bool](repeating: false, count: keys.count)
        for (index, container) in snapshot.containers.enumerated() where !container.isSandbox {
            guard let slot = owners[container.identity.podUID] else { continue }
            present[slot] = true
            // Rates line up with the snapshot's containers (``SnapshotRates``); a mismatch counts as unknown.
            if index < containerRates.count, containerRates[index].key == container.key,
                let cores = containerRates[index].cpuCores, cores.isFinite
            {
                cpu[slot] = (cpu[slot] ?? 0) + cores
            }
            if let bytes = container.packedCgroup?.value(.memoryWorkingSet) {
                memory[slot] = (memory[slot] ?? 0) + Double(bytes)
            }
        }
        var sums: [WorkloadKey: (cpu: Double?, memory: Double?)] = [:]
        for slot in keys.indices where present[slot] { sums[keys[slot]] = (cpu[slot], memory[slot]) }
        if self.workloads.keys.contains(where: { sums[$0] == nil }) {
            self.workloads = self.workloads.filter { sums[$0.key] != nil }
        }
        for (key, sum) in sums {
            self.workloads[key, default: ContainerHistory(capacity: self.capacity)].append(
                cpuCores: sum.cpu,
                memoryWorkingSetBytes: sum.memory
            )
        }
    }

    /// Adds one point per series; containers that are gone are dropped, new ones start empty.
    package mutating func append(_ snapshot: Snapshot, _ rates: SnapshotRates?) {
        self.cpuBusyPercent.append(rates?.node.cpu?.busy)
        self.memoryUsedPercent.append(rates?.node.memoryUsedPercent)
        self.networkBytesPerSecond.append(
            Self.sum(rates?.node.networkRxBytesPerSecond, rates?.node.networkTxBytesPerSecond)
        )
        self.diskBytesPerSecond.append(
            Self.sum(rates?.node.diskReadBytesPerSecond, rates?.node.diskWriteBytesPerSecond)
        )
        self.load1.append(snapshot.host.load?.load1)
        // In place and by position while the containers keep their order (every delta without a container
        // added or removed): hashing every container's pod UID and ID per snapshot was most of this function.
        let containers = snapshot.containers
        if !self.isInOrder(containers) { self.reorder(containers) }
        let containerRates = rates?.containers ?? []
        for index in containers.indices {
            let rate =
                index < containerRates.count && containerRates[index].key == self.keys[index]
                ? containerRates[index] : nil
            self.histories[index].append(
                cpuCores: rate?.cpuCores,
                memoryWorkingSetBytes: containers[index].packedCgroup?.value(.memoryWorkingSet).map { Double($0) }
            )
        }
    }

    /// Whether `containers` lists the same containers as the latest snapshot, in the same order.
    private func isInOrder(_ containers: [ContainerSnapshot]) -> Bool {
        guard containers.count == self.keys.count else { return false }
        // Field by field: copying each identity out retained its strings.
        for index in containers.indices {
            guard containers[index].identity.podUID == self.keys[index].podUID,
                (containers[index].identity.containerID ?? "") == self.keys[index].containerID
            else { return false }
        }
        return true
    }

    /// Lines the histories up with `containers`: kept ones move, new ones start empty, gone ones are dropped.
    private mutating func reorder(_ containers: [ContainerSnapshot]) {
        var histories: [ContainerHistory] = []
        var keys: [ContainerKey] = []
        var positions: [ContainerKey: Int] = [:]
        histories.reserveCapacity(containers.count)
        keys.reserveCapacity(containers.count)
        for index in containers.indices {
            let key = containers[index].key
            let kept = self.positions[key].map { self.histories[$0] }
            histories.append(kept ?? ContainerHistory(capacity: self.capacity))
            keys.append(key)
            positions[key] = positions[key] ?? index
        }
        // The old arrays go before the next append, so each series is uniquely held again and appends in place.
        self.histories = histories
        self.keys = keys
        self.positions = positions
    }

    private static func sum(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return nil }
        return a + b
    }
}

/// A container's sparklines.
public struct ContainerHistory: Sendable {
    public var cpuCores: Series
    public var memoryWorkingSetBytes: Series

    package init(capacity: Int) {
        self.cpuCores = Series(capacity: capacity)
        self.memoryWorkingSetBytes = Series(capacity: capacity)
    }

    package mutating func append(cpuCores: Double?, memoryWorkingSetBytes: Double?) {
        self.cpuCores.append(cpuCores)
        self.memoryWorkingSetBytes.append(memoryWorkingSetBytes)
    }
}
