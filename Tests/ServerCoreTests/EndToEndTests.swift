import AgentCore
import Foundation
import KernelStats
import Logging
import NodeStore
import ServerCore
import ServerTesting
import ServiceLifecycle
import Telemetry
import Testing
import Web
import Wire

/// Server + two real agents on loopback, with pods made of real processes in real cgroups (root only).
@Suite(.serialized) struct EndToEndTests {
    static let hostile = "<img src=x onerror=alert(1)>"

    @Test(.enabled(if: getuid() == 0, "needs root to build pods in cgroups"))
    func twoAgentsReachEveryPage() async throws {
        let server = try await TestServer()
        let alpha = try DevCluster(nodeName: "alpha", cgroupRoot: "/sys/fs/cgroup")
        let hostile = try DevCluster(nodeName: Self.hostile, cgroupRoot: "/sys/fs/cgroup")
        defer {
            alpha.destroy()
            hostile.destroy()
        }
        var logger = Logger(label: "test-agents")
        logger.logLevel = .critical
        var services: [any Service] = []
        for (name, cluster) in [("alpha", alpha), (Self.hostile, hostile)] {
            var configuration = AgentConfiguration(nodeName: name, interval: .milliseconds(400))
            configuration.podFilter = cluster.podUIDs
            let mailbox = SnapshotMailbox()
            let pods = cluster.pods
            services.append(
                SamplerService(configuration: configuration, logger: logger, podMetadata: { pods }) { mailbox.put($0) }
            )
            services.append(
                UplinkService(
                    configuration: UplinkConfiguration(
                        host: "127.0.0.1",
                        port: server.ingestPort,
                        token: "t0ken",
                        nodeName: name
                    ),
                    tls: nil,
                    mailbox: mailbox,
                    logger: logger
                )
            )
        }
        let agents = ServiceGroup(services: services, logger: logger)
        let running = Task { try await agents.run() }
        defer { running.cancel() }

        try await server.eventually("both nodes with rates", timeout: .seconds(20)) {
            server.server.cache.all().filter { $0.rates != nil }.count == 2
        }
        let overview = try await server.get("/")
        #expect(overview.status == 200)
        #expect(overview.body.contains("alpha"))
        Self.expectInert(overview.body, page: "/")

        // A pod page of alpha lists the pod's live processes: its long-lived ones (the dev burner also forks
        // short-lived `sleep 0.5` children, which may come and go between a snapshot and a page).
        let pod = try #require(alpha.pods.first { $0.name.hasPrefix("api-") })
        let node = try #require(server.server.cache.node("alpha"))
        // The two oldest "node …" processes; a fork of the burner briefly carries the same command line.
        let lasting = node.snapshot.containers.filter { $0.identity.podUID == pod.uid }.flatMap(\.processes)
            .filter { $0.cmdline.first?.hasPrefix("node ") == true }.sorted { $0.stat.starttime < $1.stat.starttime }
            .prefix(2)
        #expect(lasting.count == 2)  // "node /app/server.js …" and "node worker"
        let podPage = try await server.get("/nodes/alpha/pods/\(pod.namespace)/\(pod.name)")
        #expect(podPage.status == 200)
        for process in lasting { #expect(podPage.body.contains("/nodes/alpha/processes/\(process.pid)\"")) }
        #expect(podPage.body.contains("node /app/server.js"))

        // Every page of the hostile node renders its name as text.
        let segment = HTML.segment(Self.hostile)
        let hostilePod = try #require(hostile.pods.first)
        let hostileState = try #require(server.server.cache.node(Self.hostile))
        // A long-lived process (not a burner's transient `sleep 0.5`).
        let pid = try #require(
            hostileState.snapshot.allProcesses.first { $0.cmdline.first?.hasPrefix("nginx") == true }?.pid
        )
        for path in [
            "/nodes/\(segment)", "/nodes/\(segment)/fragment",
            "/nodes/\(segment)/pods/\(hostilePod.namespace)/\(hostilePod.name)",
            "/nodes/\(segment)/pods/\(hostilePod.namespace)/\(hostilePod.name)/fragment",
            "/nodes/\(segment)/processes/\(pid)", "/fragments/overview",
        ] {
            let page = try await server.get(path)
            #expect(page.status == 200, "\(path)")
            if !path.hasSuffix("/fragment") || path.hasPrefix("/fragments") {
                #expect(
                    page.body.contains("&lt;img src=x onerror=alert(1)&gt;"),
                    "\(path) should show the name as text"
                )
            }
            Self.expectInert(page.body, page: path)
        }
        let api = try await server.get("/api/v1/nodes")
        // JSON is data, served as application/json: the name is in it, whichever way the encoder escapes it.
        #expect(api.body.contains("\\u003cimg") || api.body.contains("<img src=x onerror=alert(1)>"))

        await agents.triggerGracefulShutdown()
        await server.stop()
    }

    static func expectInert(_ body: String, page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!body.contains("<img"), "\(page) contains live markup", sourceLocation: sourceLocation)
        #expect(
            !body.contains("onerror=alert(1)>"),
            "\(page) contains an unescaped attribute",
            sourceLocation: sourceLocation
        )
    }
}
