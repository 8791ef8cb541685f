import Foundation
import KernelStats
import Telemetry
import Testing

@testable import AgentCore

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ReadPolicyTests {
    static func stat(utime: UInt64 = 10, rss: Int64 = 100, threads: Int = 1) throws -> PIDStat {
        let fields =
            "S 1 1 1 0 0 0 5 0 0 0 \(utime) 3 0 0 20 0 \(threads) 0 77 4096 \(rss) 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 0 0 0 0"
        return try PIDStat(parsing: "9 (p) \(fields)")
    }

    static func schedstat(_ slices: UInt64) throws -> PIDSchedstat {
        try PIDSchedstat(parsing: "1000 20 \(slices)\n")
    }

    let policy = ReadPolicy(refreshPasses: 12)

    @Test func firstSampleReadsEverything() throws {
        let decision = self.policy.decide(
            previous: nil,
            stat: try Self.stat(),
            schedstat: (nil, try Self.schedstat(1)),
            passesSinceFullRead: 1
        )
        #expect(decision.status && decision.io)
    }

    @Test func idleSingleThreadReadsNothingMore() throws {
        let previous = ProcessSnapshot(stat: try Self.stat())
        let decision = self.policy.decide(
            previous: previous,
            stat: try Self.stat(),
            schedstat: (try Self.schedstat(5), try Self.schedstat(5)),
            passesSinceFullRead: 3
        )
        #expect(!decision.status && !decision.io)
    }

    @Test(arguments: ["ticks", "rss", "schedstat"])
    func anySignOfLifeRereads(change: String) throws {
        let previous = ProcessSnapshot(stat: try Self.stat())
        let stat = try Self.stat(utime: change == "ticks" ? 11 : 10, rss: change == "rss" ? 99 : 100)
        let after = try Self.schedstat(change == "schedstat" ? 6 : 5)
        let decision = self.policy.decide(
            previous: previous,
            stat: stat,
            schedstat: (try Self.schedstat(5), after),
            passesSinceFullRead: 3
        )
        #expect(decision.status && decision.io)
    }

    @Test func multiThreadedAlwaysReadsIO() throws {
        let previous = ProcessSnapshot(stat: try Self.stat(threads: 8))
        let decision = self.policy.decide(
            previous: previous,
            stat: try Self.stat(threads: 8),
            schedstat: (try Self.schedstat(5), try Self.schedstat(5)),
            passesSinceFullRead: 3
        )
        #expect(!decision.status && decision.io)
    }

    @Test func refreshBoundsStaleness() throws {
        let previous = ProcessSnapshot(stat: try Self.stat())
        let decision = self.policy.decide(
            previous: previous,
            stat: try Self.stat(),
            schedstat: (try Self.schedstat(5), try Self.schedstat(5)),
            passesSinceFullRead: 12
        )
        #expect(decision.status && decision.io)
    }

    @Test func strictPolicyReadsEveryPass() throws {
        let previous = ProcessSnapshot(stat: try Self.stat())
        let decision = ReadPolicy(refreshPasses: 1).decide(
            previous: previous,
            stat: try Self.stat(),
            schedstat: (try Self.schedstat(5), try Self.schedstat(5)),
            passesSinceFullRead: 1
        )
        #expect(decision.status && decision.io)
    }

    @Test func withoutSchedstatEverythingIsRead() throws {
        let previous = ProcessSnapshot(stat: try Self.stat())
        let decision = self.policy.decide(
            previous: previous,
            stat: try Self.stat(),
            schedstat: (nil, nil),
            passesSinceFullRead: 2
        )
        #expect(decision.status && decision.io)
    }
}

/// The change-driven reads on a real process that wakes often but uses almost no CPU (so `stat`'s tick
/// counts stay put): `schedstat` must still trigger a `status` read, so its context switches keep moving.
@Suite struct ChangeDrivenReadsTests {
    @Test func subTickWakeupsAreSeen() async throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "while :; do sleep 0.02; done"]
        try child.run()
        defer {
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
        }
        let configuration = AgentConfiguration(nodeName: "n", readPolicy: ReadPolicy(refreshPasses: 1000))
        let collector = Collector(configuration: configuration)
        let pid = child.processIdentifier
        let first = try #require(try collector.collect().allProcesses.first { $0.pid == pid })
        try await Task.sleep(for: .milliseconds(300))
        let second = try #require(try collector.collect().allProcesses.first { $0.pid == pid })
        let before = try #require(first.status?.voluntaryContextSwitches)
        let after = try #require(second.status?.voluntaryContextSwitches)
        #expect(after > before)
    }
}
