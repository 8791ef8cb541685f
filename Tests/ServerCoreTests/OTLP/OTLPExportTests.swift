import Foundation
import NodeStore
import ServerCore
import ServerTesting
import Telemetry
import Testing
import Wire

/// `--otlp-endpoint`: a test receiver speaking the real protocol (opentelemetry-proto's ExportMetricsServiceRequest
/// over OTLP/HTTP protobuf) gets the node's series with the values the agent sent, counters as cumulative monotonic
/// sums, and the server's own podwatch_* series.
@Suite struct OTLPExportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func aReceiverGetsTheSeriesWithTheAgentsValues() async throws {
        let python = Self.root + "/.build/otlp-venv/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python), "make otlp-venv (part of make test)")
        let output = NSTemporaryDirectory() + "podwatch-otlp-\(UUID().uuidString).jsonl"
        let portFile = output + ".port"
        let receiver = Process()
        receiver.executableURL = URL(fileURLWithPath: python)
        receiver.arguments = [Self.root + "/Tests/ServerCoreTests/OTLP/otlp_receiver.py", output, portFile]
        // Not the runner's output: a child holding it open would keep `swift test` waiting after the run.
        receiver.standardOutput = FileHandle.nullDevice
        receiver.standardError = FileHandle.nullDevice
        try receiver.run()
        defer {
            // SIGKILL: the runner's blocked signals are inherited, SIGTERM would wait. Not waited for: the
            // runner reaps it, and a wait here would hold one of the tests' two cooperative threads.
            kill(receiver.processIdentifier, SIGKILL)
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: portFile)
        }
        // The port, once the receiver listens (it imports protobuf first: seconds on a loaded machine). Polled: a
        // blocking read of a pipe here held a cooperative thread, and with it half of the parallel suite.
        var port = 0
        for _ in 0..<1_200 where port == 0 && receiver.isRunning {
            port = Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") ?? 0
            if port == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(port != 0, "the OTLP receiver did not say its port")

        let server = try await TestServer {
            $0.otlpEndpoint = "http://127.0.0.1:\(port)"
            $0.otlpInterval = .milliseconds(500)
        }
        var snapshot = Snapshot()
        snapshot.host.memory = Meminfo(values: ["MemTotal": 8 << 30, "MemAvailable": 3_221_225_472])
        snapshot.host.cpu.perCPU = [0: CPUTimes(user: 12_345, nice: 0, system: 678, idle: 90_000)]
        snapshot.clockTicksPerSecond = 100
        try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "otlp-node", token: "t0ken"))
            try await client.send(.snapshot(snapshot))
            try await server.eventually("the node") { server.server.cache.node("otlp-node") != nil }
        }
        var points: [[String: Any]] = []
        try await server.eventually("the node's series exported", timeout: .seconds(60)) {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            points = text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            return points.contains { $0["name"] as? String == "node_memory_MemAvailable_bytes" }
                && points.contains { $0["name"] as? String == "podwatch_ingest_snapshots_total" }
        }
        await server.stop()

        let available = try #require(points.last { $0["name"] as? String == "node_memory_MemAvailable_bytes" })
        #expect(available["kind"] as? String == "gauge")
        #expect(available["value"] as? Double == 3_221_225_472)
        #expect((available["attributes"] as? [String: String])?["node"] == "otlp-node")
        #expect(available["service"] as? String == "podwatch-server")
        let user = try #require(
            points.last {
                $0["name"] as? String == "node_cpu_seconds_total"
                    && ($0["attributes"] as? [String: String]) == ["node": "otlp-node", "cpu": "0", "mode": "user"]
            }
        )
        #expect(user["kind"] as? String == "sum" && user["monotonic"] as? Bool == true)
        #expect(user["value"] as? Double == 123.45)
        let ingest = try #require(points.last { $0["name"] as? String == "podwatch_ingest_snapshots_total" })
        #expect((ingest["value"] as? Double ?? 0) >= 1)
    }
}
