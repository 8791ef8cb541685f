public import AgentCore
import Foundation
import KernelStats
import Logging
import NodeStore
import PodSandbox
import Profiles
public import ServerCore
import ServiceLifecycle
public import Telemetry

/// A server and one in-process agent whose pod runs a small C program with a known, named hot function, in
/// real cgroups; the agent profiles with real perf (or with `perfPath`, to make perf missing or unprivileged).
public final class ProfilingHarness: Sendable {
    public static let node = "profiled"
    public static let hotFunction = "podwatch_hot_function"
    /// The first replica (the only one unless the harness was made with several).
    public let server: TestServer
    /// Every server replica; the agent streams to each over a connection of its own.
    public let replicas: [TestServer]
    let sandbox: SandboxBox
    public let pod: PodMetadata
    public let directory: String
    private let agents: Task<Void, any Error>

    /// Owns the sandbox (not Sendable: it holds child processes) for the harness's lifetime.
    final class SandboxBox: @unchecked Sendable {
        // Only `destroy()` touches the sandbox after init, once, from the test's own task.
        let sandbox: PodSandbox
        init(_ sandbox: PodSandbox) { self.sandbox = sandbox }
    }

    public init(
        perfPath: String = "/usr/bin/perf",
        profiling: Bool = true,
        configure: (inout ProfilingConfiguration) -> Void = { _ in },
        configureServer: (inout ServerConfiguration) -> Void = { _ in },
        replicas count: Int = 1
    ) async throws {
        self.directory = NSTemporaryDirectory() + "podwatch-profiling-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        let program = try await Self.compileHotProgram(in: self.directory)
        let sandbox = try PodSandbox(name: "profiling-\(UUID().uuidString.prefix(8))")
        let pod = try sandbox.addPod(specs: [.init(commands: [[program]]), .init(commands: [["/bin/sleep", "600"]])])
        self.sandbox = SandboxBox(sandbox)
        var metadata = PodMetadata(uid: pod.uid, namespace: "shop", name: "burner-5c8d7-x1", phase: "Running")
        metadata.containers = [
            ContainerName(id: pod.containers[0].id, name: "burner"),
            ContainerName(id: pod.containers[1].id, name: "idle"),
        ]
        self.pod = metadata
        var replicas: [TestServer] = []
        for _ in 0..<max(1, count) {
            replicas.append(
                try await TestServer {
                    $0.profileLimits = ProfileLimits(durations: 1...600)
                    configureServer(&$0)
                }
            )
        }
        self.replicas = replicas
        self.server = replicas[0]
        var logger = Logger(label: "profiling-agent")
        logger.logLevel = .critical
        var configuration = AgentConfiguration(nodeName: Self.node, interval: .milliseconds(500))
        configuration.podFilter = [pod.uid]
        let fanout = SnapshotFanout()
        // 100-byte chunks: every result crosses many CommandResult frames and is reassembled in order.
        var profilingConfiguration = ProfilingConfiguration(enabled: profiling, perfPath: perfPath, chunkBytes: 100)
        configure(&profilingConfiguration)
        let profiler = Profiler(
            configuration: profilingConfiguration,
            logger: logger,
            outbox: CommandOutbox()
        ) { fanout.latest }
        let pods = [metadata]
        let services: [any Service] = [
            SamplerService(
                configuration: configuration,
                logger: logger,
                podMetadata: { pods },
                sink: { fanout.put($0) }
            ),
            // The agent's own uplink: one connection per replica, each command answered on its own.
            UplinkReplicas(
                endpoints: replicas.map { .fixed(host: "127.0.0.1", port: $0.ingestPort) },
                base: UplinkConfiguration(
                    host: "",
                    port: 0,
                    token: "t0ken",
                    nodeName: Self.node,
                    capabilities: profiling ? ["profiling"] : []
                ),
                tls: nil,
                fanout: fanout,
                commands: { CommandChannel(profiler: profiler, outbox: $0) },
                logger: logger
            ),
        ]
        let group = ServiceGroup(services: services, logger: logger)
        self.agents = Task { try await group.run() }
        for server in replicas {
            try await server.eventually("the node with its pod", timeout: .seconds(60)) {
                server.server.cache.node(Self.node)?.snapshot.containers.contains { $0.identity.podUID == pod.uid }
                    == true
            }
        }
    }

    public func stop() async {
        self.agents.cancel()
        _ = try? await self.agents.value
        for server in self.replicas { await server.stop() }
        self.sandbox.sandbox.destroy()
        try? FileManager.default.removeItem(atPath: self.directory)
    }

    /// Starts a profile through the API; returns (status, body).
    public func start(duration: Int = 2, on replica: TestServer? = nil) async throws -> (status: Int, body: String) {
        let body =
            #"{"node":"\#(Self.node)","namespace":"shop","pod":"burner-5c8d7-x1","duration_seconds":\#(duration),"frequency_hz":199}"#
        let (status, text, _) = try await (replica ?? self.server).request("POST", "/api/v1/profiles", body: body)
        return (status, text)
    }

    /// Polls the profile until it is done or failed; returns its JSON.
    public func finished(
        _ id: String,
        on replica: TestServer? = nil,
        timeout: Duration = .seconds(60)
    ) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        let server = replica ?? self.server
        try await server.eventually("profile \(id) finished", timeout: timeout) {
            let (_, body) = try await server.get("/api/v1/profiles/\(id)")
            last = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
            return last["state"] as? String == "done" || last["state"] as? String == "failed"
        }
        return last
    }

    public static func id(_ body: String) -> String {
        ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["id"] as? String ?? ""
    }

    /// gcc is a build dependency (Makefile DEB_PACKAGES); frame pointers make perf's call graphs exact.
    public static func compileHotProgram(in directory: String) async throws -> String {
        let source = directory + "/hot.c"
        let binary = directory + "/burner"
        try """
        volatile unsigned long sink;
        __attribute__((noinline)) void \(Self.hotFunction)(void) { for (unsigned long i = 0; i < 50000000UL; i++) sink += i * i; }
        int main(void) { for (;;) \(Self.hotFunction)(); }
        """.write(toFile: source, atomically: true, encoding: .utf8)
        let gcc = try await ChildRun.run(
            ["/usr/bin/gcc", "-O1", "-g", "-fno-omit-frame-pointer", "-o", binary, source],
            environment: ProcessInfo.processInfo.environment,
            deadline: .seconds(120)
        )
        guard gcc.status == 0 else { throw TestFailure("gcc failed: \(gcc.standardError)") }
        return binary
    }
}
