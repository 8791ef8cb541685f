import AgentCore
import Foundation
import KernelStats
import Telemetry
import Testing

/// A corrupt kernel file is reported with its path and line; the pass and everything else survive.
@Suite struct MalformedInputTests {
    @Test func corruptFilesAreReportedNotFatal() throws {
        let fixture = FixtureNode(name: "hybrid-node")
        let copy = NSTemporaryDirectory() + "podwatch-malformed-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: fixture.root, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try "Name:\tbash\nVmRSS:\tlots kB\n".write(
            toFile: "\(copy)/proc/1298/status",
            atomically: true,
            encoding: .utf8
        )
        try "rchar: 1\nwchar: 2\n".write(toFile: "\(copy)/proc/2/io", atomically: true, encoding: .utf8)
        try "cpu 1 2 3 4\nctxt\n".write(toFile: "\(copy)/proc/vmstat", atomically: true, encoding: .utf8)

        let configuration = AgentConfiguration(
            nodeName: "n",
            procRoot: "\(copy)/proc",
            sysRoot: "\(copy)/sys",
            cgroupRoot: "\(copy)/cgroup"
        )
        let snapshot = try Collector(configuration: configuration).collect()
        let files = Set(snapshot.errors.map(\.file))
        #expect(files == ["\(copy)/proc/1298/status", "\(copy)/proc/2/io", "\(copy)/proc/vmstat"])
        let status = try #require(snapshot.errors.first { $0.file.hasSuffix("1298/status") })
        #expect(status.message.contains(":2: malformed"))
        // The processes are still there, with what could be read; nothing became a silent zero.
        let bash = try #require(snapshot.hostProcesses.first { $0.pid == 1298 })
        #expect(bash.status == nil && bash.io != nil)
        let kthread = try #require(snapshot.hostProcesses.first { $0.pid == 2 })
        #expect(kthread.io == nil && kthread.status != nil)
        #expect(snapshot.host.vmstat == nil && snapshot.host.load != nil)
        #expect(snapshot.containers.count == 2)
    }
}
