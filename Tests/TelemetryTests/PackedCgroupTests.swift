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

    /// What a hostile agent could send (the limits refuse non-finite PSI averages later, on the way in; packing
    /// comes first and must keep whatever it is given, bit for bit): NaN, infinities, -0 and maximal counters.
    @Test func hostileValuesPackAndReadBackBitForBit() throws {
        var stats = Self.stats(psi: true)
        stats.memoryPressure = Pressure(
            some: PressureLine(avg10: .nan, avg60: .infinity, avg300: -0.0, totalMicroseconds: .max),
            full: PressureLine(avg10: -.infinity, avg60: .greatestFiniteMagnitude, avg300: 1e-300, totalMicroseconds: 0)
        )
        for counter in CgroupCounter.allCases { counter.write(.max, to: &stats) }
        let container = ContainerSnapshot(identity: ContainerIdentity(), cgroup: stats)
        let back = try #require(container.cgroup)
        #expect(back.counters == stats.counters)  // PSI averages are their bit patterns in the table
        #expect(back.memoryPressure?.some?.avg10.isNaN == true)
        #expect(back.memoryPressure?.some?.avg300.sign == .minus)
        #expect(container.packedCgroup?.value(.pidsLimit) == .max)
        #expect(container == ContainerSnapshot(identity: ContainerIdentity(), cgroup: stats))
    }
}
