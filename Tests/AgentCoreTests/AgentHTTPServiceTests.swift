import AgentCore
import Foundation
import Logging
import PodSandbox
import ServiceLifecycle
import Synchronization
import Telemetry
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `--metrics-port` on a real socket: `/metrics` counts the passes, bytes and dropped snapshots recorded, in text
/// `promtool check metrics` finds nothing to say about; `/healthz` is 503 until a pass finished and again once
/// none has for three intervals; anything else is 404.
@Suite struct AgentHTTPServiceTests {
    static func get(_ port: Int, _ path: String) async throws -> (Int, String) {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func metricsAndHealthOverARealSocket() async throws {
        let metrics = AgentMetrics()
        let port = Mutex(0)
        let service = AgentHTTPService(
            host: "127.0.0.1",
            port: 0,
            metrics: metrics,
            healthyWithin: .seconds(60),  // generous: a loaded CI machine may take seconds per request
            logger: Logger(label: "test"),
            bound: { bound in port.withLock { $0 = bound } }
        )
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        let task = Task { try await group.run() }
        defer { task.cancel() }
        var bound = 0
        for _ in 0..<3_000 where bound == 0 {
            try await Task.sleep(for: .milliseconds(10))
            bound = port.withLock { $0 }
        }
        try #require(bound != 0)
        #expect(try await Self.get(bound, "/healthz").0 == 503)  // no pass yet

        var snapshot = Snapshot()
        snapshot.errors = [CollectionIssue(file: "/proc/1/io", message: "EACCES")]
        metrics.pass(snapshot, seconds: 0.03)
        metrics.pass(snapshot, seconds: 2)
        // A kind is the file's name; a name the agent never reads (here one a hostile path could carry) is "other".
        snapshot.errors = [
            CollectionIssue(file: "/proc/7/net/dev", message: "ENOENT"),
            CollectionIssue(file: "/sys/fs/cgroup/x/evil\"name", message: "EIO"),
        ]
        metrics.pass(snapshot, seconds: 0.03)
        metrics.sent(bytes: 406)
        metrics.dropped()
        metrics.connectionFailed()
        let (status, text) = try await Self.get(bound, "/metrics")
        #expect(status == 200)
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains("podwatch_agent_pass_duration_seconds_bucket{le=\"0.05\"} 2"))
        #expect(lines.contains("podwatch_agent_pass_duration_seconds_bucket{le=\"2.5\"} 3"))
        #expect(lines.contains("podwatch_agent_pass_duration_seconds_count 3"))
        #expect(lines.contains("podwatch_agent_read_issues_total 4"))
        #expect(lines.contains(#"podwatch_agent_read_issues_by_kind_total{kind="io"} 2"#))
        #expect(lines.contains(#"podwatch_agent_read_issues_by_kind_total{kind="net/dev"} 1"#))
        #expect(lines.contains(#"podwatch_agent_read_issues_by_kind_total{kind="other"} 1"#))
        #expect(lines.contains("podwatch_agent_sent_bytes_total 406"))
        #expect(lines.contains("podwatch_agent_snapshots_dropped_total 1"))
        #expect(lines.contains("podwatch_agent_connection_failures_total 1"))
        #expect(try await Self.get(bound, "/healthz").0 == 200)
        #expect(try await Self.get(bound, "/nope").0 == 404)
        #expect(!metrics.isHealthy(within: .seconds(60), now: .now + .seconds(120)))  // silent too long

        let promtool = "/usr/bin/promtool"
        try #require(FileManager.default.isExecutableFile(atPath: promtool), "apt-get install prometheus (make deps)")
        let run = try await ChildRun.run(
            [promtool, "check", "metrics"],
            environment: [:],
            input: Array(text.utf8),
            deadline: .seconds(60)
        )
        #expect(run.status == 0 && run.output.isEmpty, "\(run.output)")
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
