import KernelStats
import Telemetry
import Testing

/// Every container keeps its cgroup counters packed (``PackedCgroup``): they must read back exactly, with their
/// version and which PSI values and lines exist, and be equal exactly when the counters are.
struct PackedCgroupTests {
    static func stats(psi: Bool) -> CgroupStats {
        var stats = CgroupStats(version: .v2)
        stats.cpuUsageNanoseconds = 123_456_789_012
        stats.memoryWorkingSetBytes = 138_674_176
        stats.memoryLimitBytes = .max
        stats.pidsCurrent = 0
        stats.oomKills = 3
        if psi {
            stats.memoryPressure = Pressure(
                some: PressureLine(avg10: 1.5, avg60: 0.25, avg300: 0, totalMicroseconds: 77),
                full: nil
            )
            stats.ioPressure = Pressure(some: nil, full: nil)
        }
        return stats
    }

    @Test(arguments: [false, true]) func theCountersReadBackExactly(psi: Bool) {
        let stats = Self.stats(psi: psi)
        let container = ContainerSnapshot(identity: ContainerIdentity(), cgroup: stats)
        #expect(container.cgroup == stats)
        #expect(container.cgroup?.version == .v2)
        #expect(container.cgroup?.cpuPressure == nil)
        #expect((container.cgroup?.ioPressure != nil) == psi)
        #expect(container.packedCgroup?.value(.memoryWorkingSet) == 138_674_176)
        #expect(container.packedCgroup?.value(.cpuUser) == nil)
        var scalars = stats
        (scalars.cpuPressure, scalars.memoryPressure, scalars.ioPressure) = (nil, nil, nil)
        #expect(container.packedCgroup?.withoutPressure == scalars)
    }

    @Test func equalCountersAreEqualPackedAndOthersAreNot() {
        var one = ContainerSnapshot(identity: ContainerIdentity(), cgroup: Self.stats(psi: true))
        let two = ContainerSnapshot(identity: ContainerIdentity(), cgroup: Self.stats(psi: true))
        #expect(one == two && one.hashValue == two.hashValue)
        one.cgroup?.oomKills = 4
        #expect(one != two)
        #expect(one.cgroup?.oomKills == 4)
        one.cgroup = nil
        #expect(one.cgroup == nil && one.packedCgroup == nil)
    }
}
