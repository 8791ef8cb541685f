import AgentCore
import Foundation
import KernelStats
import Telemetry
import Testing

/// The snapshot of this machine equals /proc at that instant.
@Suite struct LiveProcTests {
    let configuration = AgentConfiguration(nodeName: "live")

    @Test func memTotalEqualsMeminfo() throws {
        let snapshot = try Collector(configuration: self.configuration).collect()
        let meminfo = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        let line = try #require(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") })
        let kilobytes = try #require(line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) })
        #expect(snapshot.host.memory.memTotal == kilobytes * 1024)
    }

    @Test func pid1StarttimeEqualsItsStatFile() throws {
        let snapshot = try Collector(configuration: self.configuration).collect()
        let text = try String(contentsOfFile: "/proc/1/stat", encoding: .utf8)
        // Field 22, counted after the last ')': state is field 3.
        let afterComm = text[text.index(after: try #require(text.lastIndex(of: ")")))...].split(separator: " ")
        let starttime = try #require(UInt64(afterComm[22 - 3]))
        let pid1 = try #require(snapshot.allProcesses.first { $0.pid == 1 })
        #expect(pid1.stat.starttime == starttime)
    }

    @Test func interfaceCountersMatchNetDev() throws {
        // Counters move; the snapshot's value must lie between two reads taken around it.
        let source = Collector(configuration: self.configuration)
        let before = try Self.netDev()
        let snapshot = try source.collect()
        let after = try Self.netDev()
        // Other suites running at the same time add and remove veth pairs: the interfaces that existed across the
        // whole pass must all be listed, and nothing listed may be invented.
        let listed = Set(snapshot.host.network.map(\.name))
        let throughout = Set(before.map(\.name)).intersection(after.map(\.name))
        #expect(throughout.subtracting(listed).isEmpty)
        #expect(listed.subtracting(Set(before.map(\.name)).union(after.map(\.name))).isEmpty)
        for interface in snapshot.host.network where throughout.contains(interface.name) {
            let low = try #require(before.first { $0.name == interface.name })
            let high = try #require(after.first { $0.name == interface.name })
            #expect((low.rxBytes...high.rxBytes).contains(interface.rxBytes), "\(interface.name)")
            #expect((low.txPackets...high.txPackets).contains(interface.txPackets), "\(interface.name)")
        }
    }

    @Test func everyLiveProcessIsListed() throws {
        let before = Set(try Directory.pids("/proc"))
        let snapshot = try Collector(configuration: self.configuration).collect()
        let after = Set(try Directory.pids("/proc"))
        let listed = Set(snapshot.allProcesses.map(\.pid))
        // Every process alive across the whole pass must be in it; nothing listed may be invented.
        #expect(before.intersection(after).subtracting(listed).isEmpty)
        #expect(listed.subtracting(before.union(after)).isEmpty)
        #expect(listed.count == snapshot.allProcesses.count)  // no process twice
    }

    @Test func everyDiskIsListed() throws {
        let snapshot = try Collector(configuration: self.configuration).collect()
        let diskstats = try String(contentsOfFile: "/proc/diskstats", encoding: .utf8)
        let names = diskstats.split(separator: "\n").map { String($0.split(separator: " ")[2]) }
        #expect(snapshot.host.disks.map(\.name) == names)
        #expect(snapshot.host.disks.allSatisfy { $0.kind != .unknown })
    }

    @Test func twoSamplesGiveRates() async throws {
        let collector = Collector(configuration: self.configuration)
        let first = try collector.collect()
        try await Task.sleep(for: .milliseconds(300))
        let second = try collector.collect()
        let rates = SnapshotRates(previous: first, current: second)
        #expect(rates.elapsedSeconds > 0.2)
        let cpu = try #require(rates.node.cpu)
        let sum = cpu.user + cpu.nice + cpu.system + cpu.idle + cpu.iowait + cpu.irq + cpu.softirq + cpu.steal
        #expect(abs(sum - 100) < 0.001)
        #expect(rates.node.perCPU.count == second.host.cpu.perCPU.count)
        #expect(!rates.processes.isEmpty)
    }

    static func netDev() throws -> [NetDevInterface] {
        var buffer = ReadBuffer()
        return try NetDev(parsing: KernelFile.readOnce("/proc/1/net/dev", into: &buffer)).interfaces
    }
}

/// This machine's real snapshot, as the agent sends it, is within the server's limits, and the only thing
/// cut from it is command lines (this machine runs compilers and browsers with longer ones).
@Suite struct LiveLimitsTests {
    @Test func aRealPassFitsOnceCommandLinesAreCut() throws {
        var snapshot = try Collector(configuration: AgentConfiguration(nodeName: "live")).collect()
        let before = snapshot
        SnapshotLimits.standard.conform(&snapshot)
        try SnapshotLimits.standard.check(snapshot)
        #expect(snapshot.host == before.host && snapshot.pods == before.pods)
        #expect(snapshot.allProcesses.count == before.allProcesses.count)
        let cut = snapshot.errors.filter { $0.file == "(snapshot limits)" }
        #expect(cut.allSatisfy { $0.message.contains("command lines") && !$0.message.contains(" processes,") })
    }
}
