import Foundation
import NIOCore
import NodeStore
import PodwatchCLI
import ServerCore
import ServerTesting
import Simulation
import Synchronization
import Telemetry
import Wire

/// A real server on loopback fed by two synthetic nodes over the real ingest protocol (their connections stay
/// open: the agents are connected), and the CLI run in-process against it with its output captured.
final class CLIHarness: Sendable {
    static let nodes = [("cli-a", 6), ("cli-b", 4)]
    static let readToken = "read-token-0123456789abcdef"
    static let adminToken = "admin-token-0123456789abcdef"
    let server: TestServer
    /// Where the server keeps recordings (removed by `stop`).
    let recordings = NSTemporaryDirectory() + "podwatch-cli-recordings-" + UUID().uuidString
    private let agents: [Task<Void, any Error>]

    init(evaluation: Duration = .seconds(5)) async throws {
        let recordings = self.recordings
        let server = try await TestServer(ttl: .seconds(600)) {
            $0.recordingsDirectory = recordings
            $0.readToken = Self.readToken
            $0.adminToken = Self.adminToken
            $0.evaluationInterval = evaluation
        }
        self.server = server
        var agents: [Task<Void, any Error>] = []
        for (index, (name, pods)) in Self.nodes.enumerated() {
            agents.append(
                Task {
                    try await RawClient.session(port: server.ingestPort) { client in
                        try await client.send(RawClient.hello(node: name, token: "t0ken"))
                        guard case .welcome = try await client.frames(limit: 1).first else {
                            throw TestFailure("\(name) was not welcomed")
                        }
                        var synthetic = SyntheticNode(name: name, pods: pods, seed: UInt64(index + 7))
                        var encoder = SnapshotEncoder()
                        let start = WallClock.milliseconds()
                        for frame in 0..<2 {
                            if frame > 0 { synthetic.advance() }
                            let snapshot = synthetic.snapshot(wallMilliseconds: start + Int64(frame) * 5_000)
                            var bytes = ByteBufferAllocator().buffer(capacity: 0)
                            FrameEncoder.write(encoder.frame(for: snapshot), to: &bytes)
                            try await client.send(bytes)
                        }
                        // Connected until the test ends.
                        try await Task.sleep(for: .seconds(3600))
                    }
                }
            )
        }
        self.agents = agents
        try await server.eventually("both nodes with rates") {
            Self.nodes.allSatisfy { server.server.cache.node($0.0)?.rates != nil }
        }
    }

    func stop() async {
        for agent in self.agents { agent.cancel() }
        for agent in self.agents { _ = try? await agent.value }
        await self.server.stop()
        try? FileManager.default.removeItem(atPath: self.recordings)
    }

    /// Another node's agent: connects, sends `frames` snapshots 5 s apart (agent time), waits until the server
    /// has each one, and disconnects. Returns what it sent.
    func feed(node: String, pods: Int, seed: UInt64, frames: Int) async throws -> [Snapshot] {
        let server = self.server
        return try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: node, token: "t0ken"))
            guard case .welcome = try await client.frames(limit: 1).first else {
                throw TestFailure("\(node) was not welcomed")
            }
            var synthetic = SyntheticNode(name: node, pods: pods, seed: seed)
            var encoder = SnapshotEncoder()
            var sent: [Snapshot] = []
            let start = WallClock.milliseconds()
            for frame in 0..<frames {
                if frame > 0 { synthetic.advance() }
                let snapshot = synthetic.snapshot(wallMilliseconds: start + Int64(frame) * 5_000)
                var bytes = ByteBufferAllocator().buffer(capacity: 0)
                FrameEncoder.write(encoder.frame(for: snapshot), to: &bytes)
                try await client.send(bytes)
                try await server.eventually("\(node)'s frame \(frame)") {
                    server.server.cache.node(node)?.snapshot.wallTimeMilliseconds == snapshot.wallTimeMilliseconds
                }
                sent.append(snapshot)
            }
            return sent
        }
    }

    var url: String { "http://127.0.0.1:\(self.server.httpPort)" }

    /// Runs `podwatch ARGUMENTS` with the server's address and read token in the environment (as a user's shell
    /// would have them), plus `environment`.
    func run(_ arguments: [String], environment: [String: String] = [:], admin: Bool = false) async -> CLIResult {
        var variables = ["PODWATCH_SERVER": self.url, "PODWATCH_TOKEN": Self.readToken, "HOME": "/nonexistent"]
        if admin { variables["PODWATCH_ADMIN_TOKEN"] = Self.adminToken }
        variables.merge(environment) { _, new in new }
        return await CLIResult.run(arguments, environment: variables)
    }
}

/// What one CLI invocation printed and returned.
struct CLIResult: Sendable {
    var code: Int32
    var out: String
    var err: String

    static func run(_ arguments: [String], environment: [String: String]) async -> CLIResult {
        let out = Mutex("")
        let err = Mutex("")
        let console = Console(
            environment: environment,
            out: { text in out.withLock { $0 += text } },
            err: { text in err.withLock { $0 += text } }
        )
        let code = await Console.$current.withValue(console) { await Podwatch.run(arguments) }
        return CLIResult(code: code, out: out.withLock { $0 }, err: err.withLock { $0 })
    }

    /// The output as JSON (for -o json).
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(self.out.utf8))
    }

    /// The rows of a table: cells split on runs of two or more spaces, header first.
    var rows: [[String]] {
        self.out.split(separator: "\n").map { line in
            line.split(separator: "  ", omittingEmptySubsequences: true).map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
        }
    }
}
