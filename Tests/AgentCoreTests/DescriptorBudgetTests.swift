import AgentCore
import Foundation
import KernelStats
import PodSandbox
import Telemetry
import Testing

/// The agent keeps descriptors only within its budget (each pins kernel memory charged to its cgroup), reads
/// the rest by open/read/close with the same result, and never fails a pass for want of descriptors.
@Suite struct DescriptorBudgetTests {
    static func passes(_ count: Int, budget: Int) throws -> [Snapshot] {
        var configuration = FixtureNode(name: "hybrid-node").configuration
        configuration.descriptorBudget = budget
        let collector = Collector(configuration: configuration)
        return try (0..<count).map { _ in try collector.collect() }
    }

    static func withoutClocks(_ snapshot: Snapshot) -> Snapshot {
        var copy = snapshot
        (copy.wallTimeMilliseconds, copy.monotonicNanoseconds, copy.agent) = (0, 0, nil)
        return copy
    }

    @Test func noBudgetReadsTheSameAsAGenerousOne() throws {
        let kept = try Self.passes(3, budget: 1_000)
        let none = try Self.passes(3, budget: 0)
        #expect(kept.map(Self.withoutClocks) == none.map(Self.withoutClocks))
        #expect(none.allSatisfy { $0.agent?.descriptorsKept == 0 && ($0.agent?.transientReads ?? 0) > 0 })
        // Files read in two passes running are kept from the second on.
        #expect((kept.last?.agent?.descriptorsKept ?? 0) > 0)
    }

    @Test(arguments: [1, 5, 17])
    func theBudgetIsNeverExceeded(budget: Int) throws {
        let snapshots = try Self.passes(4, budget: budget)
        #expect(snapshots.allSatisfy { ($0.agent?.descriptorsKept ?? .max) <= UInt32(budget) })
        // The fixture's node and cgroup probe files alone are more than 5, read every pass.
        if budget <= 5 { #expect(snapshots.last?.agent?.descriptorsKept == UInt32(budget)) }
        #expect(snapshots.allSatisfy { $0.errors.isEmpty && $0.agent?.descriptorShortfalls == 0 })
    }

    /// The real binary under a descriptor limit of 48 (its budget is then 0: everything by open/read/close):
    /// every process of this machine reported, no read failed, no line per file on stderr.
    @Test func aTightDescriptorLimitStillReportsEveryProcess() async throws {
        let agent = InClusterPaths.agent
        #expect(FileManager.default.isExecutableFile(atPath: agent), "build podwatch-agent first")
        func processes() throws -> Set<Int> {
            Set(try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap { Int($0) })
        }
        let before = try processes()
        let run = try await ChildRun.run(
            ["/usr/bin/prlimit", "--nofile=48:48", agent, "bench", "--passes", "4"],
            environment: ProcessInfo.processInfo.environment,
            deadline: .seconds(300)
        )
        let text = String(decoding: run.standardOutput, as: UTF8.self)
        let stderr = run.standardError
        #expect(!run.killed, "the agent did not finish within 300 s")
        #expect(run.status == 0, "\(stderr)")
        func value(_ key: String) -> Int? {
            text.split(separator: "\n").first { $0.hasPrefix(key + " ") }.flatMap { Int($0.split(separator: " ")[1]) }
        }
        #expect(value("agent.descriptor_budget") == 0 && value("agent.descriptors_kept") == 0)
        #expect(value("agent.descriptor_shortfalls") == 0 && value("agent.max_issues_per_pass") == 0)
        // Other tests start and stop processes meanwhile: those alive before and after the run were alive in every
        // pass, so every pass must have reported at least that many.
        let throughout = before.intersection(try processes())
        let reported = value("agent.min_processes_per_pass") ?? 0
        #expect(reported >= throughout.count, "a pass reported \(reported) of \(throughout.count) lasting processes")
        #expect(stderr.split(separator: "\n").count < 4, "\(stderr)")
    }
}

/// The binaries built next to this test bundle (`swift build` builds them all).
enum InClusterPaths {
    static var agent: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("podwatch-agent")
            .path
    }
}
