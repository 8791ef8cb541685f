import Foundation
import PodSandbox
import Testing

/// Children started for tests hold no descriptor of ours: a pipe open in this process (as a concurrent test's
/// would be) does not reach them, so no reader waits forever for its end-of-file.
struct ChildRunTests {
    /// A pipe without FD_CLOEXEC, like Foundation's `Pipe`; closed when the body returns.
    static func withOpenPipe<T>(_ body: (Int32) async throws -> T) async rethrows -> T {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        return try await body(ends[1])
    }

    static func descriptors(of pid: pid_t) throws -> Set<Int> {
        Set(try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { Int($0) })
    }

    @Test func outputIsCapturedAndNoDescriptorIsInherited() async throws {
        try await Self.withOpenPipe { writeEnd in
            let run = try await ChildRun.run(
                ["/bin/sh", "-c", "ls /proc/$$/fd; echo oops >&2; exit 3"],
                environment: ["PATH": "/usr/bin:/bin"],
                deadline: .seconds(60)
            )
            #expect(run.status == 3 && !run.killed)
            #expect(run.standardError == "oops\n")
            let listed = String(decoding: run.standardOutput, as: UTF8.self).split(separator: "\n").compactMap {
                Int($0)
            }
            #expect(listed.contains(1) && !listed.contains(Int(writeEnd)), "the shell held \(listed)")
        }
    }

    @Test func aChildPastItsDeadlineIsKilledAndSaysSo() async throws {
        let run = try await ChildRun.run(["/bin/sleep", "60"], environment: [:], deadline: .milliseconds(100))
        #expect(run.killed)
        #expect(run.status == 128 + SIGKILL)
    }

    @Test(.enabled(if: getuid() == 0, "needs root to create cgroups"))
    func sandboxProcessesHoldNoInheritedDescriptor() async throws {
        try await Self.withOpenPipe { writeEnd in
            let sandbox = try PodSandbox()
            defer { sandbox.destroy() }
            let pod = try sandbox.addPod(command: ["/bin/sleep", "60"])
            let held = try Self.descriptors(of: pod.containers[0].pids[0])
            #expect(!held.contains(Int(writeEnd)) && held.allSatisfy { $0 < 3 }, "the child held \(held)")
        }
    }
}
