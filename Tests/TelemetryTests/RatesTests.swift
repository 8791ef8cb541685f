import KernelStats
import Telemetry
import Testing

@Suite struct CounterRateTests {
    @Test func basics() {
        #expect(CounterRate.perSecond(100, 300, seconds: 2) == 100)
        #expect(CounterRate.perSecond(nil, 300, seconds: 2) == nil)  // first sample
        #expect(CounterRate.perSecond(300, 100, seconds: 2) == nil)  // reset: unknown, not negative, not 0
        #expect(CounterRate.perSecond(100, 300, seconds: 0) == nil)
        #expect(CounterRate.percent(part: (10, 20), whole: (100, 200)) == 10)
        #expect(CounterRate.percent(part: (10, 20), whole: (100, 100)) == nil)
    }
}

@Suite struct SnapshotRatesTests {
    typealias B = SnapshotBuilder

    @Test func nodeCPUSplitSumsToHundred() throws {
        let first = try B.snapshot(at: 0, cpu: B.cpu(user: 100, system: 50, idle: 800, iowait: 50))
        let second = try B.snapshot(at: 1, cpu: B.cpu(user: 160, system: 70, idle: 900, iowait: 70))
        let cpu = try #require(SnapshotRates(previous: first, current: second).node.cpu)
        #expect(cpu.user == 30 && cpu.system == 10 && cpu.idle == 50 && cpu.iowait == 10)
        #expect(cpu.busy == 40)  // iowait is not work
    }

    @Test func memoryUsedPercentFromAvailable() throws {
        let snapshot = try B.snapshot(at: 0, cpu: B.cpu(user: 1, idle: 1))
        #expect(SnapshotRates(previous: snapshot, current: snapshot).node.memoryUsedPercent == 75)
    }

    @Test func processCPUIsNotCappedAtOneCore() throws {
        let first = try B.snapshot(
            at: 0,
            cpu: B.cpu(user: 0, idle: 0),
            processes: [B.process(pid: 7, starttime: 5, utime: 0)]
        )
        let second = try B.snapshot(
            at: 2,
            cpu: B.cpu(user: 800, idle: 0),
            processes: [B.process(pid: 7, starttime: 5, utime: 600, stime: 200)]
        )
        let rates = try #require(SnapshotRates(previous: first, current: second).processes.first)
        #expect(rates.cpuPercent == 400 && rates.userPercent == 300 && rates.systemPercent == 100)
    }

    @Test func reusedPIDHasNoRate() throws {
        let first = try B.snapshot(
            at: 0,
            cpu: B.cpu(user: 0, idle: 0),
            processes: [B.process(pid: 7, starttime: 5, utime: 900)]
        )
        let second = try B.snapshot(
            at: 1,
            cpu: B.cpu(user: 1, idle: 1),
            processes: [B.process(pid: 7, starttime: 99, utime: 3)]
        )
        #expect(SnapshotRates(previous: first, current: second).processes.isEmpty)
    }

    @Test func interfaceRatesAndResets() throws {
        let first = try B.snapshot(
            at: 0,
            cpu: B.cpu(user: 0, idle: 0),
            interfaces: [
                B.interface("lo", rx: 0, tx: 0), B.interface("eth0", rx: 1000, tx: 500),
                B.interface("eth1", rx: 9000, tx: 0),
            ]
        )
        let second = try B.snapshot(
            at: 2,
            cpu: B.cpu(user: 1, idle: 1),
            interfaces: [
                B.interface("lo", rx: 1_000_000, tx: 1_000_000), B.interface("eth0", rx: 3000, tx: 1500),
                B.interface("eth1", rx: 10, tx: 0),
            ]
        )
        let rates = SnapshotRates(previous: first, current: second).node
        let eth0 = try #require(rates.interfaces.first { $0.name == "eth0" })
        #expect(eth0.rxBytesPerSecond == 1000 && eth0.txBytesPerSecond == 500)
        let eth1 = try #require(rates.interfaces.first { $0.name == "eth1" })
        #expect(eth1.rxBytesPerSecond == nil)  // counter went backwards: re-created interface
        #expect(rates.networkRxBytesPerSecond == nil)  // a total with an unknown term is unknown, not too small
    }

    @Test func containerCoresThrottlingAndLimit() throws {
        let identity = ContainerIdentity(podUID: "u", qosClass: .burstable, runtime: .containerd, containerID: "c")
        func container(usage: UInt64, periods: UInt64, throttled: UInt64) -> ContainerSnapshot {
            var cgroup = CgroupStats(version: .v2)
            cgroup.cpuUsageNanoseconds = usage
            cgroup.cpuPeriods = periods
            cgroup.cpuThrottledPeriods = throttled
            cgroup.cpuQuotaMicroseconds = 50_000
            cgroup.cpuPeriodMicroseconds = 100_000
            cgroup.memoryWorkingSetBytes = 100
            cgroup.memoryLimitBytes = 400
            return ContainerSnapshot(identity: identity, cgroup: cgroup)
        }
        let first = try B.snapshot(
            at: 0,
            cpu: B.cpu(user: 0, idle: 0),
            containers: [container(usage: 0, periods: 0, throttled: 0)]
        )
        let second = try B.snapshot(
            at: 2,
            cpu: B.cpu(user: 1, idle: 1),
            containers: [container(usage: 800_000_000, periods: 20, throttled: 5)]
        )
        let rates = try #require(SnapshotRates(previous: first, current: second).containers.first)
        #expect(rates.cpuCores == 0.4 && rates.cpuLimitCores == 0.5)
        #expect(abs((rates.cpuLimitPercent ?? 0) - 80) < 1e-9)
        #expect(rates.throttledPeriodsPercent == 25 && rates.memoryLimitPercent == 25)
    }

    @Test func firstSampleOfAContainerHasInstantValuesOnly() throws {
        let identity = ContainerIdentity(podUID: "u", qosClass: .burstable, runtime: .containerd, containerID: "new")
        var cgroup = CgroupStats(version: .v1)
        cgroup.cpuUsageNanoseconds = 5
        cgroup.memoryWorkingSetBytes = 10
        cgroup.memoryLimitBytes = 100
        let first = try B.snapshot(at: 0, cpu: B.cpu(user: 0, idle: 0))
        let second = try B.snapshot(
            at: 1,
            cpu: B.cpu(user: 1, idle: 1),
            containers: [ContainerSnapshot(identity: identity, cgroup: cgroup)]
        )
        let rates = try #require(SnapshotRates(previous: first, current: second).containers.first)
        #expect(rates.cpuCores == nil && rates.memoryLimitPercent == 10)
    }
}
