import Alerting
import Foundation
import NIOCore
import NodeStore
import ServerTesting
import Simulation
import Telemetry
import Testing
import Wire

@testable import AlertEngine
@testable import Ingest
@testable import ServerCore

/// The JSON API and the alert samples on a fixed sequence of frames, compared with answers recorded from the
/// code before the server's model changed (issue 17: "every page and API answers the same data as before").
/// Two seeded synthetic nodes send a keyframe and five deltas each through the real ingest port; the answers
/// are compared field by field (numbers to 1e-9 relative), ignoring only the receive time.
/// `PODWATCH_RECORD_GOLDEN=1 swift test --filter GoldenAPITests` rewrites the recording.
@Suite struct GoldenAPITests {
    static let nodes: [(name: String, pods: Int, seed: UInt64)] = [("golden-a", 3, 7), ("golden-b", 6, 11)]
    static let frames = 6
    static let firstWallMilliseconds: Int64 = 1_790_000_000_000
    static let recording = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "api-v1.json")
    /// The receive time: the only field that depends on when the test runs.
    static let volatileKeys: Set<String> = ["lastSeenMilliseconds"]

    @Test func apiAnswersMatchTheRecording() async throws {
        // A node goes stale 10 s after its last frame by default, and a stale node has no alert samples: on a loaded
        // machine the whole suite can take that long between the last frame and the answers.
        let server = try await TestServer(ttl: .seconds(3600))
        var paths: [String] = []
        // Each connection sends its Hello as soon as it is open (the server closes a silent one), and stays
        // open while the answers are read (the nodes show as connected).
        try await RawClient.session(port: server.ingestPort) { first in
            paths += try await Self.send(Self.nodes[0], through: first, server: server)
            try await RawClient.session(port: server.ingestPort) { second in
                paths += try await Self.send(Self.nodes[1], through: second, server: server)
                var answers: [String: Any] = [:]
                for path in ["/api/v1/nodes"] + paths {
                    let (status, body) = try await server.get(path)
                    #expect(status == 200, "\(path)")
                    answers[path] = try JSONSerialization.jsonObject(with: Data(body.utf8), options: .fragmentsAllowed)
                }
                answers["alertSamples"] = Self.alertSamples(server)
                try Self.compareOrRecord(answers)
            }
        }
        await server.stop()
    }

    /// Sends one node's frames and answers the paths to ask about it: the node, its pods, and a few of its
    /// processes (first of a pod's, first of the host's, the last one).
    static func send(
        _ node: (name: String, pods: Int, seed: UInt64),
        through client: RawClient,
        server: TestServer
    ) async throws -> [String] {
        try await client.send(RawClient.hello(node: node.name, token: "t0ken"))
        // As an agent does: nothing else before Welcome (until then the server reads at most 4 KiB a frame).
        guard case .welcome = try await client.frames(limit: 1).first else {
            throw TestFailure("\(node.name) was not welcomed")
        }
        var synthetic = SyntheticNode(name: node.name, pods: node.pods, seed: node.seed)
        var encoder = SnapshotEncoder()
        var last = synthetic.snapshot(wallMilliseconds: Self.firstWallMilliseconds)
        for index in 0..<Self.frames {
            if index > 0 { synthetic.advance() }
            last = synthetic.snapshot(wallMilliseconds: Self.firstWallMilliseconds + Int64(index) * 5_000)
            var bytes = ByteBufferAllocator().buffer(capacity: 0)
            FrameEncoder.write(encoder.frame(for: last), to: &bytes)
            try await client.send(bytes)
        }
        let expected = last.wallTimeMilliseconds
        do {
            try await server.eventually("\(node.name)'s last frame") {
                server.server.cache.node(node.name)?.snapshot.wallTimeMilliseconds == expected
            }
        } catch {
            let seen = server.server.cache.node(node.name)?.snapshot.wallTimeMilliseconds
            throw TestFailure("\(error); latest \(String(describing: seen)); \(server.server.counters.values)")
        }
        let pids = [
            last.containers.first?.processes.first?.pid, last.hostProcesses.first?.pid, last.allProcesses.last?.pid,
        ]
        return ["/api/v1/nodes/\(node.name)", "/api/v1/nodes/\(node.name)/pods"]
            + pids.compactMap { $0 }.map { "/api/v1/nodes/\(node.name)/processes/\($0)" }
    }

    /// Every alert metric for every subject, sorted (the collector walks a set of metrics).
    static func alertSamples(_ server: TestServer) -> [[String: Any]] {
        let samples = AlertSamples.collect(
            server.server.cache.all(),
            metrics: Set(AlertMetric.all.keys),
            nowMilliseconds: Self.firstWallMilliseconds
        )
        return samples.sorted { ($0.subject.key, $0.metric) < ($1.subject.key, $1.metric) }.map { sample in
            ["subject": sample.subject.key, "metric": sample.metric, "value": sample.value ?? NSNull()]
        }
    }

    static func compareOrRecord(_ answers: [String: Any]) throws {
        // One answer per line: small, and a change shows which answer moved.
        var actual = Data("{\n".utf8)
        for (index, path) in answers.keys.sorted().enumerated() {
            let value = try JSONSerialization.data(withJSONObject: answers[path] ?? NSNull(), options: .sortedKeys)
            actual += Data("\"\(path)\": ".utf8) + value + Data((index + 1 < answers.count ? ",\n" : "\n").utf8)
        }
        actual += Data("}\n".utf8)
        if ProcessInfo.processInfo.environment["PODWATCH_RECORD_GOLDEN"] == "1" {
            try actual.write(to: Self.recording)
            return
        }
        let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.recording))
        let mismatches = GoldenJSON.differences(recorded, answers, path: "$")
        if !mismatches.isEmpty {
            let written = FileManager.default.temporaryDirectory.appending(path: "podwatch-golden-actual.json")
            try? actual.write(to: written)
            Issue.record(
                "\(mismatches.count) differences from the recording (actual in \(written.path)): \(mismatches.prefix(10).joined(separator: "; "))"
            )
        }
    }
}
