import Alerting
import KernelStats
import NodeStore
import Telemetry
import Testing

@testable import AlertEngine
@testable import ServerCore
@testable import Web

/// What the API adds to pages and alerts: node conditions, pods the API names without cgroups, sandbox
/// containers kept out of totals, usage against requests, and the alert metrics built on them.
@Suite struct KubernetesViewTests {
    static func container(pod: String, id: String, memory: UInt64, limit: UInt64?, comm: String) -> ContainerSnapshot {
        var cgroup = CgroupStats(version: .v2)
        cgroup.memoryWorkingSetBytes = memory
        cgroup.memoryLimitBytes = limit
        var process = ProcessSnapshot()
        process.stat.pid = Int32.random(in: 1000...60000)
        process.stat.comm = comm
        var container = ContainerSnapshot(
            identity: ContainerIdentity(podUID: pod, qosClass: .burstable, runtime: .containerd, containerID: id),
            cgroup: cgroup,
            processes: [process]
        )
        container.isSandbox = comm == "pause"
        return container
    }

    static func node() -> NodeState {
        var snapshot = Snapshot()
        snapshot.node = "worker-1"
        snapshot.containers = [
            Self.container(pod: "uid-web", id: "aaa", memory: 100 << 20, limit: 200 << 20, comm: "nginx"),
            Self.container(pod: "uid-web", id: "bbb", memory: 50 << 20, limit: 100 << 20, comm: "envoy"),
            Self.container(pod: "uid-web", id: "ccc", memory: 1 << 20, limit: nil, comm: "pause"),
        ]
        var web = PodMetadata(uid: "uid-web", namespace: "shop", name: "web-5f7c9-abcde", phase: "Running")
        web.ownerKind = "Deployment"
        web.ownerName = "web"
        var nginx = ContainerName(id: "aaa", name: "nginx")
        nginx.memoryRequestBytes = 150 << 20
        nginx.ready = true
        var envoy = ContainerName(id: "bbb", name: "envoy")
        envoy.memoryRequestBytes = 50 << 20
        web.containers = [nginx, envoy]
        web.ready = false
        let pending = PodMetadata(uid: "uid-pending", namespace: "shop", name: "batch-1", phase: "Pending")
        snapshot.pods = [web, pending]
        var info = NodeInfo()
        info.conditions = [
            NodeCondition(type: "Ready", status: "False", reason: "KubeletNotReady", message: "PLEG is not healthy"),
            NodeCondition(type: "MemoryPressure", status: "True"),
            NodeCondition(type: "DiskPressure", status: "False"),
        ]
        info.kubeletVersion = "v1.34.1"
        info.podsAllocatable = 110
        snapshot.nodeInfo = info
        let cache = LiveCache(configuration: ServerConfiguration())
        cache.ingest(node: "worker-1", snapshot: snapshot, wallMilliseconds: 1)
        return cache.all()[0]
    }

    @Test func sandboxContainersStayOutOfTotalsAndPendingPodsAreListed() throws {
        let pods = PodSummary.pods(of: Self.node())
        #expect(pods.map(\.name) == ["batch-1", "web-5f7c9-abcde"])
        let web = try #require(pods.last)
        #expect(web.containers.map(\.name) == ["(sandbox)", "envoy", "nginx"])
        // 100 + 50 MiB, the pause container's MiB not counted; its missing limit does not hide the pod's.
        #expect(web.memoryWorkingSet == Double(150 << 20))
        #expect(web.memoryLimit == Double(300 << 20))
        #expect(web.memoryRequest == Double(200 << 20))
        #expect(web.processCount == 2)
        #expect(pods.first?.status == "Pending" && pods.first?.containers.isEmpty == true)
        // The API's node summary counts the same pods as the list and the overview card (the pending one too).
        #expect(APIRoutes.summary(Self.node()).pods == 2)
        #expect(NodeCounts(Self.node().snapshot).pods == pods.count)
    }

    @Test func conditionsShowOnCardsAndTheNodePage() {
        let node = Self.node()
        let card = OverviewView.card(node).rendered
        #expect(card.contains(">NotReady</span>") && card.contains(">MemoryPressure</span>"))
        #expect(!card.contains(">DiskPressure</span>"))
        #expect(card.contains("KubeletNotReady: PLEG is not healthy"))
        #expect(card.contains("2 / 110"))
        let page = NodeView.fragment(node).rendered
        #expect(page.contains("<h2>Kubernetes</h2>") && page.contains("v1.34.1"))
        #expect(page.contains("<tr class=\"wrong\"><td>Ready</td>"))  // markup, not escaped text
        #expect(page.contains("75.0% req"))  // 150 MiB used of 200 MiB requested
        #expect(page.contains("batch-1"))
    }

    @Test func conditionAndReadinessMetricsAndWorkloadSubjects() {
        let metrics: Set<String> = [
            "node.condition.not_ready", "node.condition.memory_pressure", "node.condition.disk_pressure",
            "node.condition.pid_pressure", "pod.not_ready",
        ]
        let samples = AlertSamples.collect([Self.node()], metrics: metrics, nowMilliseconds: 1)
        func value(_ metric: String, _ key: String) -> Double?? {
            samples.first { $0.metric == metric && $0.subject.key == key }.map(\.value)
        }
        #expect(value("node.condition.not_ready", "node/worker-1") == .some(1))
        #expect(value("node.condition.memory_pressure", "node/worker-1") == .some(1))
        #expect(value("node.condition.disk_pressure", "node/worker-1") == .some(0))
        #expect(value("node.condition.pid_pressure", "node/worker-1") == .some(nil))  // not reported: unknown
        #expect(value("pod.not_ready", "pod/worker-1/shop/web-5f7c9-abcde") == .some(1))
        #expect(value("pod.not_ready", "container/worker-1/shop/web-5f7c9-abcde/nginx") == .some(0))
        #expect(value("pod.not_ready", "container/worker-1/shop/web-5f7c9-abcde/envoy") == .some(1))
        #expect(!samples.contains { $0.subject.container == "(sandbox)" })
        let subject = samples.first { $0.subject.key == "pod/worker-1/shop/web-5f7c9-abcde" }?.subject
        #expect(subject?.workload == "Deployment/web")
        let target = AlertTarget.workload(namespace: "shop", kind: "Deployment", name: "web")
        #expect(subject.map { target.matches($0) } == true)
        #expect(samples.filter { target.matches($0.subject) }.map(\.subject.pod) == ["web-5f7c9-abcde"])
    }
}
