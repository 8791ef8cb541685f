import Foundation
import KernelStats
import Telemetry
import Testing

@Suite struct KernelFileTests {
    @Test func rereadsFromOffsetZero() throws {
        let path = NSTemporaryDirectory() + "kernelfile-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "first\n".write(toFile: path, atomically: false, encoding: .utf8)
        let file = try KernelFile(path: path)
        var buffer = ReadBuffer(initialCapacity: 4)
        #expect(Array(try file.read(into: &buffer)) == Array("first\n".utf8))
        #expect(Array(try file.read(into: &buffer)) == Array("first\n".utf8))
    }

    @Test func growsTheBufferForLargeFilesAndCapsAtOneMebibyte() throws {
        let path = NSTemporaryDirectory() + "kernelfile-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x41, count: 100_000).write(to: URL(fileURLWithPath: path))
        var buffer = ReadBuffer(initialCapacity: 16)
        #expect(try KernelFile.readOnce(path, into: &buffer).count == 100_000)
        try Data(repeating: 0x41, count: ReadBuffer.maximumSize + 1).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: KernelStatsError.self) { try KernelFile.readOnce(path, into: &buffer) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.file == path)
    }

    @Test func missingFileIsGone() {
        var buffer = ReadBuffer()
        let error = #expect(throws: KernelStatsError.self) {
            try KernelFile.readOnce("/proc/0/nonexistent", into: &buffer)
        }
        #expect(error?.kind == .gone)
    }

    @Test func keptDescriptorOfAnExitedProcessIsGone() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["30"]
        try process.run()
        let file = try KernelFile(path: "/proc/\(process.processIdentifier)/stat")
        var buffer = ReadBuffer()
        let before = try file.parse(PIDStat.self, buffer: &buffer)
        #expect(before.pid == process.processIdentifier)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let error = #expect(throws: KernelStatsError.self) { try file.read(into: &buffer) }
        #expect(error?.kind == .gone)
    }

    @Test func parseErrorsCarryTheRealPath() throws {
        let path = NSTemporaryDirectory() + "kernelfile-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "cpu 1 2\n".write(toFile: path, atomically: false, encoding: .utf8)
        var buffer = ReadBuffer()
        let error = #expect(throws: KernelStatsError.self) {
            try KernelFile(path: path).parse(ProcStat.self, buffer: &buffer)
        }
        #expect(error?.file == path && error?.line == 1)
        #expect(error?.description.contains(path) == true)
    }

    @Test func directoryListsPIDs() throws {
        let pids = try Directory.pids("/proc")
        #expect(pids.contains(getpid()))
        #expect(!pids.contains(0))
    }
}
