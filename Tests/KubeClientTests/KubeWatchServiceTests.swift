import AgentCore
import Foundation
import KernelStats
import Kube
import KubeClient
import PodSandbox
import Synchronization
import TLSTesting
import Telemetry
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The agent's watches against a fake API server that speaks the real wire shapes (TLS with its own CA, bearer
/// tokens, LIST then chunked WATCH, bookmarks, 410 inside a 200 stream), joined onto real processes in real
/// cgroups on this machine.
@Suite(.enabled(if: getuid() == 0, "needs root to build pods in cgroups"))
struct KubeWatchServiceTests {
    @Test func realProcessesAreNamedWithOwnerQoSAndLimits() async throws {
        let fixture = try ClusterFixture()
        defer { fixture.destroy() }
        let harness = try await WatchTestHarness(fixture: fixture)
        #expect(await harness.directory.waitForPods(timeout: .seconds(60)))
        #expect(await harness.eventually { !harness.directory.nodeInfo().conditions.isEmpty })

        var configuration = AgentConfiguration(nodeName: ClusterFixture.node)
        configuration.podFilter = fixture.podUIDs
        var snapshot = try Collector(configuration: configuration).collect()
        ClusterJoin.apply(pods: harness.directory.podMetadata(), node: harness.directory.nodeInfo(), to: &snapshot)
        await harness.stop()

        // The field selector kept the other node's pod out.
        #expect(snapshot.pods.map(\.name).sorted() == ["checkout-7d9f8b6c5d-x2k4q", "postgres-0"])
        let checkout = try #require(snapshot.pods.first { $0.uid == fixture.checkout.uid })
        #expect(checkout.namespace == "shop")
        #expect(checkout.ownerKind == "Deployment" && checkout.ownerName == "checkout")
        #expect(checkout.qosClass == "Guaranteed" && checkout.ready)
        let web = try #require(checkout.containers.first { $0.name == "web" })
        #expect(web.id == fixture.checkout.containers[0].id)
        #expect(web.cpuLimitMillicores == 500 && web.memoryLimitBytes == 256 << 20)
        let database = try #require(snapshot.pods.first { $0.uid == fixture.database.uid })
        #expect(
            database.ownerKind == "StatefulSet" && database.ownerName == "postgres" && database.qosClass == "BestEffort"
        )

        // Every real process is in the snapshot under the container the API names; the pause one is the sandbox.
        let containers = Dictionary(snapshot.containers.map { ($0.identity.containerID ?? "", $0) }) { first, _ in first
        }
        let webContainer = try #require(containers[fixture.checkout.containers[0].id])
        #expect(Set(webContainer.processes.map(\.pid)) == Set(fixture.checkout.containers[0].pids))
        #expect(!webContainer.isSandbox)
        let sandbox = try #require(containers[fixture.checkout.containers[2].id])
        #expect(sandbox.isSandbox && sandbox.processes.map(\.stat.comm) == ["pause"])
        #expect(containers[fixture.database.containers[0].id]?.isSandbox == false)

        let node = try #require(snapshot.nodeInfo)
        #expect(node.isReady == true && node.problems.isEmpty)
        #expect(node.cpuCapacityMillicores == 2000 && node.cpuAllocatableMillicores == 1900)
        #expect(node.memoryCapacityBytes == 24 << 30 && node.podsAllocatable == 110)
        #expect(node.kubeletVersion == "v1.34.1" && node.apiError.isEmpty)

        // LIST with the node's field selector, then WATCH from the list's version with bookmarks and a timeout.
        let requests = harness.api.requests.filter { $0.path == "/api/v1/pods" }
        #expect(requests.first?.query["fieldSelector"] == "spec.nodeName=\(ClusterFixture.node)")
        #expect(requests.first?.query["watch"] == nil)
        let watch = try #require(requests.dropFirst().first)
        #expect(watch.query["watch"] == "1" && watch.query["allowWatchBookmarks"] == "true")
        #expect(watch.query["timeoutSeconds"] != nil && watch.query["resourceVersion"] != nil)
        #expect(requests.allSatisfy { $0.token == "token-1" })
    }

    @Test func changesArriveThroughTheWatchAndBookmarksMoveTheVersion() async throws {
        let fixture = try ClusterFixture()
        defer { fixture.destroy() }
        let harness = try await WatchTestHarness.listed(fixture)
        defer { Task { await harness.stop() } }
        #expect(await harness.eventually { harness.api.openWatches == 2 })

        try harness.api.put(
            "pods",
            name: "shop/checkout",
            field: ClusterFixture.node,
            json: fixture.checkoutJSON(restarts: 3, waiting: "CrashLoopBackOff")
        )
        try harness.api.put(
            "nodes",
            name: ClusterFixture.node,
            field: ClusterFixture.node,
            json: ClusterFixture.nodeJSON(memoryPressure: true)
        )
        #expect(
            await harness.eventually {
                let web = harness.web
                return web?.restartCount == 3 && web?.reason == "CrashLoopBackOff"
            }
        )
        #expect(await harness.eventually { harness.directory.nodeInfo().problems.map(\.type) == ["MemoryPressure"] })

        // Deleted pods keep their names for a grace period (their processes outlive the object).
        try harness.api.delete("pods", name: "data/postgres-0")
        try await Task.sleep(for: .milliseconds(300))
        #expect(harness.pod(named: "postgres-0") != nil)

        // After a bookmark, the next WATCH resumes from the bookmark's version (the server ends watches after
        // timeoutSeconds, 2–3 s here).
        harness.api.bookmark()
        let bookmarked = String(harness.api.state.withLock { $0.version })
        #expect(
            await harness.eventually {
                harness.api.requests.contains { $0.query["watch"] == "1" && $0.query["resourceVersion"] == bookmarked }
            }
        )
    }

    @Test func a410InsideTheStreamMeansListAgain() async throws {
        let fixture = try ClusterFixture()
        defer { fixture.destroy() }
        let harness = try await WatchTestHarness.listed(fixture)
        defer { Task { await harness.stop() } }
        #expect(await harness.eventually { harness.api.openWatches == 2 })
        let lists = { harness.api.requests.filter { $0.path == "/api/v1/pods" && $0.query["watch"] == nil }.count }
        #expect(lists() == 1)

        // The pod changes and history is compacted: the watch gets ERROR 410 in its 200 stream, and only a new
        // LIST can see the change.
        harness.api.compact()
        try harness.api.put(
            "pods",
            name: "shop/checkout",
            field: ClusterFixture.node,
            json: fixture.checkoutJSON(restarts: 7)
        )
        #expect(await harness.eventually { lists() >= 2 })
        #expect(
            await harness.eventually {
                harness.web?.restartCount
                    == 7
            }
        )
        #expect(harness.directory.nodeInfo().apiError.isEmpty)
        // Counted for the agent's /metrics: the pods loop started over because its watch expired.
        #expect(harness.directory.watchRestarts.contains { $0.resource == "pods" && $0.reason == "expired" })
        let metrics = AgentMetrics()
        metrics.watching(harness.directory)
        #expect(
            metrics.exposition().contains(
                #"podwatch_agent_kube_watch_restarts_total{resource="pods",reason="expired"} "#
            )
        )
    }

    @Test func aRotatedTokenIsPickedUpAndABadOneIsReportedNotFatal() async throws {
        let fixture = try ClusterFixture()
        defer { fixture.destroy() }
        let harness = try await WatchTestHarness.listed(fixture)
        defer { Task { await harness.stop() } }

        // The kubelet rotates the projected token: the old one stops working, the file holds the new one.
        harness.api.accept(tokens: ["token-2"])
        try harness.rotate(to: "token-2")
        #expect(await harness.eventually { harness.api.requests.contains { $0.token == "token-2" } })
        try harness.api.put(
            "pods",
            name: "shop/checkout",
            field: ClusterFixture.node,
            json: fixture.checkoutJSON(restarts: 1)
        )
        #expect(
            await harness.eventually {
                harness.web?.restartCount
                    == 1
            }
        )

        // A token the server refuses: 401, reported with the API's message; the names stay.
        try harness.rotate(to: "revoked")
        #expect(
            await harness.eventually(within: 20) { harness.directory.nodeInfo().apiError.contains("401 Unauthorized") }
        )
        #expect(harness.pod(named: "postgres-0")?.namespace == "data")
        try harness.rotate(to: "token-2")
        #expect(await harness.eventually(within: 40) { harness.directory.nodeInfo().apiError.isEmpty })
    }

    @Test func theAPIGoingAwayKeepsTheLastNamesAndRecovers() async throws {
        let fixture = try ClusterFixture()
        defer { fixture.destroy() }
        let harness = try await WatchTestHarness.listed(fixture)
        defer { Task { await harness.stop() } }

        await harness.api.stop()
        #expect(await harness.eventually { !harness.directory.nodeInfo().apiError.isEmpty })
        #expect(harness.directory.podMetadata().count == 2)

        // While it is away the pod restarts; when it is back the change arrives.
        try harness.api.put(
            "pods",
            name: "shop/checkout",
            field: ClusterFixture.node,
            json: fixture.checkoutJSON(restarts: 2)
        )
        try await harness.api.start()
        #expect(
            await harness.eventually(within: 45) {
                harness.web?.restartCount
                    == 2
                    && harness.directory.nodeInfo().apiError.isEmpty
            }
        )
    }

    @Test func aServerWithAnotherCAIsRefused() async throws {
        let fixture = try ClusterFixture()
        defer { fixture.destroy() }
        let other = try TestCertificates()
        defer { other.remove() }
        let harness = try await WatchTestHarness.listed(fixture)
        defer { Task { await harness.stop() } }
        let access = ClusterAccess(
            server: harness.api.server,
            trust: .file(other.ca),
            credentials: .token("token-1")
        )
        let client = try KubeAPIClient(access: access)
        await #expect(throws: KubeAPIError.self) {
            _ = try await client.list(KubePod.self, path: "/api/v1/pods", fieldSelector: "spec.nodeName=x")
        }
        await client.shutdown()
    }
}
