import KernelStats
import Telemetry
import Testing

@testable import NodeStore

/// Container sparklines follow their container by key through reorders, new and replaced containers.
@Suite struct NodeHistoryTests {
    static func snapshot(_ containers: [(id: String, memory: UInt64)]) -> Snapshot {
        var snapshot = Snapshot()
        snapshot.containers = containers.map { id, memory in
            var cgroup = CgroupStats(version: .v2)
            cgroup.memoryWorkingSetBytes = memory
            return ContainerSnapshot(
                identity: ContainerIdentity(
                    podUID: "uid-\(id)",
                    qosClass: .burstable,
                    runtime: .containerd,
                    containerID: id
                ),
                cgroup: cgroup,
                processes: []
            )
        }
        return snapshot
    }

    static func memory(_ history: NodeHistory, _ id: String) -> [Float]? {
        history.container(ContainerKey(podUID: "uid-\(id)", containerID: id))?.memoryWorkingSetBytes.values
    }

    @Test func seriesFollowTheirContainerWhateverTheOrder() {
        var history = NodeHistory(capacity: 4)
        history.append(Self.snapshot([("a", 1), ("b", 2)]), nil)
        history.append(Self.snapshot([("a", 3), ("b", 4)]), nil)
        // Reordered, one replaced by a new container, one added.
        history.append(Self.snapshot([("c", 5), ("b", 6), ("d", 7)]), nil)
        #expect(Self.memory(history, "a") == nil)
        #expect(Self.memory(history, "b") == [2, 4, 6])
        #expect(Self.memory(history, "c") == [5])
        #expect(Self.memory(history, "d") == [7])
        history.append(Self.snapshot([("c", 8), ("b", 9), ("d", 10)]), nil)
        #expect(Self.memory(history, "b") == [2, 4, 6, 9])
        #expect(Self.memory(history, "c") == [5, 8])
    }

    @Test func containerRatesAreTakenOnlyWhenTheyLineUp() {
        var history = NodeHistory(capacity: 4)
        let first = Self.snapshot([("a", 1), ("b", 2)])
        var second = Self.snapshot([("a", 1), ("b", 2)])
        second.monotonicNanoseconds = 5_000_000_000
        second.containers[0].cgroup?.cpuUsageNanoseconds = 2_500_000_000
        second.containers[1].cgroup?.cpuUsageNanoseconds = 0
        var earlier = first
        earlier.containers[0].cgroup?.cpuUsageNanoseconds = 0
        earlier.containers[1].cgroup?.cpuUsageNanoseconds = 0
        let rates = SnapshotRates(previous: earlier, current: second)
        history.append(first, nil)
        history.append(second, rates)
        let key = ContainerKey(podUID: "uid-a", containerID: "a")
        #expect(history.container(key)?.cpuCores.values.last == 0.5)
        // Rates in another order than the snapshot's containers are not misattributed.
        var swapped = rates
        swapped.containers.reverse()
        history.append(second, swapped)
        #expect(history.container(key)?.cpuCores.values.last?.isNaN == true)
    }
}
