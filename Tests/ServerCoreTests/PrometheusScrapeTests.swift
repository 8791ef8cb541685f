import AgentCore
import Foundation
import Ingest
import Logging
import PodSandbox
import ServerCore
import ServerTesting
import ServiceLifecycle
import Synchronization
import Telemetry
import Testing
import Wire

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real Prometheus (Debian's) scrapes a real server's and an agent's /metrics on loopback, and PromQL through its
/// HTTP API returns the value the JSON API reports for the same node and container, and the agent's pass count.
@Suite struct PrometheusScrapeTests {
    static let prometheus = "/usr/bin/prometheus"

    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The value of an instant PromQL query's first sample, nil while it has none.
    static func query(_ port: Int, _ promql: String) async throws -> Double? {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")
        components?.queryItems = [URLQueryItem(name: "query", value: promql)]
        guard let url = components?.url else { throw TestFailure("bad query \(promql)") }
        // Not listening yet (it is starting): no sample.
        guard let (data, _) = try? await URLSession.shared.data(from: url) else { return nil }
        struct Answer: Decodable {
            struct Data: Decodable {
                struct Sample: Decodable { var value: [Value] }
                var result: [Sample]
            }
            enum Value: Decodable {
                case time(Double)
                case text(String)
                init(from decoder: any Decoder) throws {
                    let container = try decoder.singleValueContainer()
                    if let text = try? container.decode(String.self) {
                        self = .text(text)
                    } else {
                        self = .time(try container.decode(Double.self))
                    }
                }
            }
            var data: Data
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: data), let sample = answer.data.result.first,
            sample.value.count == 2, case .text(let text) = sample.value[1]
        else { return nil }
        return Double(text)
    }

    @Test func promQLReturnsWhatTheJSONAPIReports() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.prometheus), "apt-get install prometheus")
        let server = try await TestServer()
        var snapshot = IngestTests.snapshot(node: "prom-node")
        snapshot.host.memory = Meminfo(values: ["MemTotal": 8 << 30, "MemAvailable": 3_221_225_472])
        var cgroup = CgroupStats()
        cgroup.memoryWorkingSetBytes = 52_428_800
        let uid = "5d3c1a2b-0000-4000-8000-0000000000aa"
        snapshot.pods = [
            PodMetadata(
                uid: uid,
                namespace: "shop",
                name: "web-1",
                phase: "Running",
                containers: [ContainerName(id: "c0ffee", name: "nginx")]
            )
        ]
        snapshot.containers = [
            ContainerSnapshot(
                identity: ContainerIdentity(
                    podUID: uid,
                    qosClass: .burstable,
                    runtime: .containerd,
                    containerID: "c0ffee"
                ),
                cgroup: cgroup
            )
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("podwatch-prom-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // An agent's /metrics too (the service --metrics-port runs), its passes recorded as the test goes.
        let agentMetrics = AgentMetrics()
        let agentPort = Mutex(0)
        let agentService = AgentHTTPService(
            host: "127.0.0.1",
            port: 0,
            metrics: agentMetrics,
            healthyWithin: .seconds(30),
            logger: Logger(label: "test"),
            bound: { bound in agentPort.withLock { $0 = bound } }
        )
        let agentGroup = ServiceGroup(services: [agentService], logger: Logger(label: "test"))
        let agentTask = Task { try await agentGroup.run() }
        defer { agentTask.cancel() }
        try await server.eventually("the agent's /metrics listens") { agentPort.withLock { $0 } != 0 }
        let config = """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: podwatch
                static_configs:
                  - targets: ["127.0.0.1:\(server.httpPort)"]
              - job_name: agent
                static_configs:
                  - targets: ["127.0.0.1:\(agentPort.withLock { $0 })"]
            """
        try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let port = try Self.freePort()
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        // In a sandbox pod: spawned with no inherited descriptor, and killed with the sandbox whatever happens.
        try sandbox.addPod(command: [
            "/bin/sh", "-c",
            "exec \(Self.prometheus) --config.file=\(directory.path)/prometheus.yml --storage.tsdb.path=\(directory.path)/data --web.listen-address=127.0.0.1:\(port) >\(directory.path)/log 2>&1",
        ])
        try await RawClient.session(port: server.ingestPort) { client in
            try await client.send(RawClient.hello(node: "prom-node", token: "t0ken"))
            var available: Double?
            var workingSet: Double?
            let deadline = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < deadline {
                try await client.send(.snapshot(snapshot))  // the node stays live while Prometheus scrapes
                agentMetrics.pass(snapshot, seconds: 0.02)
                let scrapes = try await Self.query(port, "count_over_time(up{job=\"podwatch\"}[5m])") ?? 0
                let agentScrapes = try await Self.query(port, "count_over_time(up{job=\"agent\"}[5m])") ?? 0
                available = try await Self.query(port, "node_memory_MemAvailable_bytes{node=\"prom-node\"}")
                workingSet = try await Self.query(
                    port,
                    "container_memory_working_set_bytes{node=\"prom-node\",namespace=\"shop\",pod=\"web-1\",container=\"nginx\"}"
                )
                // The server's own counter too: a scrape can land before its first sample is recorded (seen once in CI).
                let counted = try await Self.query(port, "podwatch_ingest_snapshots_total")
                if scrapes >= 2, agentScrapes >= 2, available != nil, workingSet != nil, counted != nil { break }
                try await Task.sleep(for: .seconds(1))
            }
            // A scrape has 1 s (the interval) and the whole suite shares two cores: one can time out (`up` 0, the
            // series marked stale) at any moment, so what is checked is that scrapes succeeded, and the values are
            // the ones the loop read together.
            let log = (try? String(contentsOf: directory.appendingPathComponent("log"), encoding: .utf8)) ?? ""
            #expect(
                try await Self.query(port, "max_over_time(up{job=\"podwatch\"}[5m])") == 1,
                "\(log.suffix(2_000))"
            )
            let (_, body) = try await server.get("/api/v1/nodes/prom-node")
            struct Detail: Decodable { var snapshot: Snapshot }
            let reported = try JSONDecoder().decode(Detail.self, from: Data(body.utf8)).snapshot
            #expect(available == reported.host.memory.memAvailable.map { Double($0) })
            #expect(workingSet == reported.containers.first?.cgroup?.memoryWorkingSetBytes.map { Double($0) })
            #expect(try await Self.query(port, "max_over_time(up{job=\"agent\"}[5m])") == 1)
            // The server's own series, recorded through swift-metrics, scraped as OpenMetrics.
            let received = try #require(
                try await Self.query(port, "max_over_time(podwatch_ingest_snapshots_total[5m])")
            )
            #expect(received >= 1 && received <= Double(server.server.counters.values.snapshotsReceived))
            let passes = try #require(
                try await Self.query(port, "max_over_time(podwatch_agent_pass_duration_seconds_count[5m])")
            )
            #expect(passes >= 1 && passes <= Double(agentMetrics.passCount))
        }
        await server.stop()
        await agentGroup.triggerGracefulShutdown()
    }
}
