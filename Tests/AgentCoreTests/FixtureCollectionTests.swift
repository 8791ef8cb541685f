import AgentCore
import KernelStats
import Telemetry
import Testing

@Suite struct FixtureCollectionTests {
    @Test func hybridNode() throws {
        let node = FixtureNode(name: "hybrid-node")
        let snapshot = try Collector(configuration: node.configuration).collect()
        #expect(snapshot.errors.isEmpty, "\(snapshot.errors)")
        // Two sandbox pods: one systemd-style containerd container, one cgroupfs-style.
        #expect(snapshot.containers.count == 2)
        #expect(Set(snapshot.containers.map(\.identity.runtime)) == [.containerd, .unknown])
        for container in snapshot.containers {
            #expect(container.processes.count == 1)
            #expect(container.cgroup?.version == .v1)
            #expect(container.cgroup?.pidsCurrent == 1)
            #expect(container.cgroup?.cpuPressure != nil)  // v2 pressure on a hybrid host
        }
        #expect(snapshot.hostProcesses.map(\.pid).sorted() == [2, 1298])
        // The agent is not in PID 1's network namespace: node network comes from PID 1's file.
        #expect(snapshot.host.networkSource.hasSuffix("/proc/1/net/dev"))
        #expect(!snapshot.host.network.isEmpty)
        #expect(snapshot.host.disks.first { $0.name == "vda" }?.kind == .disk)
        #expect(snapshot.host.disks.first { $0.name == "loop0" }?.kind == .virtual)
        #expect(snapshot.host.cpuPressure != nil)
        try node.expectMatchesGolden()
    }

    @Test func v2NodeWithoutPSI() throws {
        let node = FixtureNode(name: "v2-nopsi-node")
        let collector = Collector(configuration: node.configuration)
        #expect(collector.cgroupLayout == .unified)
        let snapshot = try collector.collect()
        #expect(snapshot.errors.isEmpty, "\(snapshot.errors)")
        #expect(
            snapshot.host.cpuPressure == nil && snapshot.host.memoryPressure == nil && snapshot.host.ioPressure == nil
        )
        let container = try #require(snapshot.containers.first)
        #expect(snapshot.containers.count == 1)
        #expect(container.identity.runtime == .crio && container.identity.qosClass == .bestEffort)
        #expect(container.identity.podUID == "1e0df302-17af-a59f-2b60-5b7cdfa7b2d1")
        let cgroup = try #require(container.cgroup)
        #expect(cgroup.version == .v2)
        #expect(cgroup.memoryWorkingSetBytes == 163_840_000 - 25_165_824)
        #expect(cgroup.cpuPressure == nil)  // no PSI: absent, not zero
        // conmon is the runtime's monitor, not a container: it stays with the host processes.
        #expect(snapshot.hostProcesses.map(\.pid).sorted() == [2, 1298, 11198])
        try node.expectMatchesGolden()
    }

    @Test func aPassWithNothingChangedIsIdentical() throws {
        let collector = Collector(configuration: FixtureNode(name: "hybrid-node").configuration)
        var first = try collector.collect()
        var second = try collector.collect()
        (first.wallTimeMilliseconds, first.monotonicNanoseconds) = (0, 0)
        (second.wallTimeMilliseconds, second.monotonicNanoseconds) = (0, 0)
        // The agent's own figures are of this process and this pass (descriptors kept grow on the second).
        #expect(first.agent?.descriptorBudget ?? 0 > 0 && second.agent?.descriptorsKept ?? 0 > 0)
        (first.agent, second.agent) = (nil, nil)
        #expect(first == second)
    }

    @Test func missingProcRootIsAClearError() {
        let configuration = AgentConfiguration(nodeName: "x", procRoot: "/nonexistent/proc")
        let error = #expect(throws: KernelStatsError.self) { try Collector(configuration: configuration).collect() }
        #expect(error?.file == "/nonexistent/proc/stat")
        #expect(error?.kind == .gone)
    }
}
