import Alerting
import Foundation
import Testing

/// What an alert keeps from fire time is bounded and JSON-safe whatever the agent sent.
@Suite struct AlertContextTests {
    @Test func listsAndCommandsAreBoundedAndNonFiniteValuesAreUnknown() throws {
        let processes = (0..<50).map {
            AlertContext.Process(
                pid: Int32($0),
                container: "app",
                command: String(repeating: "x", count: 2 << 20),
                state: "RUNNING-FOREVER",
                threads: 1,
                cpuPercent: $0 == 0 ? .nan : Double($0),
                memoryBytes: .infinity,
                ioBytesPerSecond: nil
            )
        }
        let context = AlertContext(capturedMilliseconds: 1, rankedBy: .cpu, processes: processes, processCount: 50)
        #expect(context.processes.count == AlertContext.kept)
        #expect(context.processes.allSatisfy { $0.command.count == AlertContext.commandLimit && $0.state.count == 4 })
        #expect(context.processes[0].cpuPercent == nil && context.processes[0].memoryBytes == nil)
        let json = try JSONEncoder().encode(context)  // would throw on a non-finite number
        #expect(json.count < 10 * 1024)
        #expect(String(decoding: json, as: UTF8.self).contains(#""process_count":50"#))
    }

    @Test func theRankingFollowsTheRulesResource() {
        #expect(AlertContext.Ranking(metric: "pod.memory.limit_percent") == .memory)
        #expect(AlertContext.Ranking(metric: "pod.oom_kills") == .memory)
        #expect(AlertContext.Ranking(metric: "pod.disk.mbps") == .io)
        #expect(AlertContext.Ranking(metric: "pod.cpu.throttled_percent") == .cpu)
        #expect(AlertContext.Ranking(metric: "node.load1") == .cpu)
    }
}
