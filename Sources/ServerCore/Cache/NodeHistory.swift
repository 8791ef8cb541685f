import KernelStats
public import Telemetry

/// The short history behind a node's sparklines, and those of its containers.
public struct NodeHistory: Sendable {
    public var cpuBusyPercent: Series
    public var memoryUsedPercent: Series
    public var networkBytesPerSecond: Series
    public var diskBytesPerSecond: Series
    public var load1: Series
    public var containers: [ContainerKey: ContainerHistory]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        self.cpuBusyPercent = Series(capacity: capacity)
        self.memoryUsedPercent = Series(capacity: capacity)
        self.networkBytesPerSecond = Series(capacity: capacity)
        self.diskBytesPerSecond = Series(capacity: capacity)
        self.load1 = Series(capacity: capacity)
        self.containers = [:]
    }

    /// Adds one point per series; containers that are gone are dropped, new ones start empty.
    mutating func append(_ snapshot: Snapshot, _ rates: SnapshotRates?) {
        self.cpuBusyPercent.append(rates?.node.cpu?.busy)
        self.memoryUsedPercent.append(rates?.node.memoryUsedPercent)
        self.networkBytesPerSecond.append(
            Self.sum(rates?.node.networkRxBytesPerSecond, rates?.node.networkTxBytesPerSecond)
        )
        self.diskBytesPerSecond.append(
            Self.sum(rates?.node.diskReadBytesPerSecond, rates?.node.diskWriteBytesPerSecond)
        )
        self.load1.append(snapshot.host.load?.load1)
        // In place, and rates by position (they are computed in the snapshot's container order): rebuilding
        // the dictionary and hashing every container key twice per snapshot was most of this function.
        let containerRates = rates?.containers ?? []
        for (index, container) in snapshot.containers.enumerated() {
            let rate =
                index < containerRates.count && containerRates[index].key == container.key
                ? containerRates[index] : nil
            self.containers[container.key, default: ContainerHistory(capacity: self.capacity)].append(
                cpuCores: rate?.cpuCores,
                memoryWorkingSetBytes: container.cgroup?.memoryWorkingSetBytes.map { Double($0) }
            )
        }
        if self.containers.count > snapshot.containers.count {
            let present = Set(snapshot.containers.map(\.key))
            self.containers = self.containers.filter { present.contains($0.key) }
        }
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

    init(capacity: Int) {
        self.cpuCores = Series(capacity: capacity)
        self.memoryWorkingSetBytes = Series(capacity: capacity)
    }

    mutating func append(cpuCores: Double?, memoryWorkingSetBytes: Double?) {
        self.cpuCores.append(cpuCores)
        self.memoryWorkingSetBytes.append(memoryWorkingSetBytes)
    }
}
