import Alerting
import NodeStore
import Telemetry
import Testing

@testable import AlertEngine
@testable import ServerCore
@testable import Web

/// The kubelet's view on the pages and in alerts: health and its latency, a failing sync loop, eviction headroom
/// per signal with a crossed threshold flagged, node filesystem use on the card, each unreadable endpoint named.
@Suite struct KubeletViewTests {
    static func node(memoryAvailable: UInt64, syncLoop: Bool? = true, kubelet: Bool = true) -> NodeState {
        var snapshot = Snapshot()
        snapshot.node = "worker-1"
        snapshot.host.memory = Meminfo(values: ["MemTotal": 16 << 30, "MemAvailable": memoryAvailable])
        var info = NodeInfo()
        if kubelet {
            var status = KubeletStatus()
            status.endpoint = "https://10.0.0.5:10250"
            status.healthy = true
            status.healthLatencyMicros = 2_500
            status.syncLoopHealthy = syncLoop
            var memory = EvictionSignal(signal: "memory.available", hard: "100Mi")
            memory.hardThreshold = 100 << 20
            memory.available = memoryAvailable
            memory.capacity = 16 << 30
            var nodefs = EvictionSignal(signal: "nodefs.available", hard: "10%")
            nodefs.hardThreshold = 10_000
            nodefs.available = 30_000
            nodefs.capacity = 100_000
            status.evictionSignals = [memory, nodefs]
            status.nodeFsCapacityBytes = 100_000
            status.nodeFsAvailableBytes = 30_000
            status.errors = [KubeletEndpointError(path: "/configz", reason: "403 Forbidden <nodes/configz>")]
            status.podStartSecondsAverage = 1.57
            status.plegRelistSecondsAverage = 0.0165
            status.runtimeOperationErrors = [RuntimeOperationErrors(operation: "pull_image", count: 3)]
            status.machineCores = 8
            status.machineMemoryBytes = 32 << 30
            status.machineSource = "Node object (the kubelet does not serve /spec)"
            info.kubelet = status
        }
        snapshot.nodeInfo = info
        let cache = LiveCache(configuration: ServerConfiguration())
        cache.ingest(node: "worker-1", snapshot: snapshot, wallMilliseconds: 1)
        return cache.all()[0]
    }

    static func value(_ metric: String, _ node: NodeState) -> Double?? {
        AlertSamples.collect([node], metrics: [metric], nowMilliseconds: 1).first.map(\.value)
    }

    @Test func theNodePageAndCardShowTheKubelet() {
        let healthy = Self.node(memoryAvailable: 8 << 30)
        let page = NodeView.fragment(healthy).rendered
        #expect(page.contains("<h2>Kubelet</h2>") && page.contains("ok in 2.5 ms"))
        #expect(page.contains("10% (9.77 KiB)"))  // the percentage and what it resolves to
        #expect(page.contains("<code>/configz</code>: 403 Forbidden &lt;nodes/configz&gt;"))  // escaped
        #expect(!page.contains("near eviction"))
        #expect(page.contains("<dd>1.57 s</dd>") && page.contains("<dd>16.5 ms</dd>") && page.contains("pull_image 3"))
        #expect(page.contains("8 cores, 32.0 GiB (Node object (the kubelet does not serve /spec))"))
        let card = OverviewView.card(healthy).rendered
        #expect(card.contains("70.0% used") && !card.contains("kubelet unhealthy"))

        let evicting = Self.node(memoryAvailable: 64 << 20, syncLoop: false)
        let badges = OverviewView.card(evicting).rendered
        #expect(badges.contains("kubelet unhealthy") && badges.contains("evicting: memory.available"))
        #expect(NodeView.fragment(evicting).rendered.contains("<dt>sync loop</dt><dd>failing</dd>"))
        #expect(!NodeView.fragment(Self.node(memoryAvailable: 1, kubelet: false)).rendered.contains("Kubelet"))
    }

    @Test func kubeletHealthAndEvictionHeadroomAreAlertMetrics() throws {
        let healthy = Self.node(memoryAvailable: 8 << 30)
        #expect(Self.value("node.kubelet.healthy", healthy) == .some(1))
        #expect(Self.value("node.kubelet.healthy", Self.node(memoryAvailable: 1, syncLoop: false)) == .some(0))
        #expect(Self.value("node.kubelet.healthy", Self.node(memoryAvailable: 1, kubelet: false)) == .some(nil))
        let memory = try #require(Self.value("node.eviction.memory.available.headroom_percent", healthy) ?? nil)
        #expect(abs(memory - (Double(8 << 30) - Double(100 << 20)) / Double(16 << 30) * 100) < 1e-9)
        #expect(Self.value("node.eviction.nodefs.available.headroom_percent", healthy) == .some(20))
        #expect(Self.value("node.eviction.headroom_percent", healthy) == .some(20))  // the tightest signal
        let crossed = try #require(
            Self.value("node.eviction.headroom_percent", Self.node(memoryAvailable: 64 << 20)) ?? nil
        )
        #expect(crossed < 0)
        #expect(Self.value("node.eviction.pid.available.headroom_percent", healthy) == .some(nil))  // not configured
    }
}

/// The `shop/web-1` pod the kubelet tests use: one container per `(ID, name)`, each with `cgroup` and `processes`.
enum WebPod {
    static func snapshot(
        containers: [(id: String, name: String)],
        cgroup: CgroupStats,
        processes: [ProcessSnapshot] = []
    ) -> Snapshot {
        var snapshot = Snapshot()
        snapshot.containers = containers.map { container in
            ContainerSnapshot(
                identity: ContainerIdentity(
                    podUID: "uid-web",
                    qosClass: .burstable,
                    runtime: .containerd,
                    containerID: container.id
                ),
                cgroup: cgroup,
                processes: processes
            )
        }
        var pod = PodMetadata(uid: "uid-web", namespace: "shop", name: "web-1", phase: "Running")
        pod.containers = containers.map { ContainerName(id: $0.id, name: $0.name) }
        snapshot.pods = [pod]
        return snapshot
    }
}

/// The kubelet's per-pod view: ephemeral storage, and its working set beside the agent's, flagged where they
/// disagree by more than 16 MiB and 10 %.
@Suite struct KubeletPodStatsViewTests {
    @Test func ephemeralStorageAndAMemoryDisagreementShow() {
        var cgroup = CgroupStats(version: .v2)
        cgroup.memoryWorkingSetBytes = 100 << 20
        let snapshot = WebPod.snapshot(containers: [("aaa", "nginx"), ("bbb", "envoy")], cgroup: cgroup)
        var stats = KubeletPodStats()
        (stats.namespace, stats.name, stats.uid, stats.ephemeralUsedBytes) = ("shop", "web-1", "uid-web", 700 << 20)
        var nginx = KubeletContainerStats()
        (nginx.name, nginx.workingSetBytes, nginx.rootfsUsedBytes, nginx.logsUsedBytes) = (
            "nginx", 300 << 20, 1 << 20, 699 << 20
        )
        var envoy = KubeletContainerStats()
        (envoy.name, envoy.workingSetBytes) = ("envoy", 104 << 20)
        stats.containers = [nginx, envoy]
        stats.cadvisorNetworkReceiveBytesPerSecond = 1_536
        var status = KubeletStatus()
        status.podStats = [stats]
        let table = KubeletPodStatsView.table(status, snapshot: snapshot, rates: nil).rendered
        #expect(table.contains("<td>shop/web-1</td><td></td><td class=\"num\">700.0 MiB</td>"))
        #expect(table.contains("data-disagree><td></td><td>nginx</td>"))
        // cAdvisor's, where the agent may have no reading.
        #expect(table.contains("rx 1.50 KiB/s, tx —"))  // 300 MiB against 100 MiB
        #expect(!table.contains("data-disagree><td></td><td>envoy</td>"))  // 104 against 100: within both margins
        // With every container's ephemeral-storage limit known, the pod's use shows against their sum; 90 % flags it.
        var limited = snapshot
        for index in limited.pods[0].containers.indices {
            limited.pods[0].containers[index].ephemeralStorageLimitBytes = 384 << 20
        }
        let full = KubeletPodStatsView.table(status, snapshot: limited, rates: nil).rendered
        #expect(
            full.contains("data-ephemeral-full><td>shop/web-1</td>") && full.contains("700.0 MiB of 768.0 MiB (91.1%)")
        )
        #expect(
            KubeletPodStatsView.disagrees(300 << 20, 100 << 20) && !KubeletPodStatsView.disagrees(10 << 20, 20 << 20)
        )
    }
}

/// The kubelet's CPU beside the agent's own rate for the same container, flagged past a tenth of a core and 25 %.
@Suite struct KubeletCPUComparisonTests {
    @Test func aCPUDisagreementIsFlagged() {
        func snapshot(cpuSeconds: UInt64, at seconds: UInt64) -> Snapshot {
            var cgroup = CgroupStats(version: .v2)
            cgroup.cpuUsageNanoseconds = cpuSeconds * 1_000_000_000
            var snapshot = WebPod.snapshot(containers: [("aaa", "nginx")], cgroup: cgroup)
            snapshot.monotonicNanoseconds = seconds * 1_000_000_000
            return snapshot
        }
        let previous = snapshot(cpuSeconds: 10, at: 100)
        let current = snapshot(cpuSeconds: 12, at: 110)  // 0.2 cores by the agent's cgroup reading
        let rates = SnapshotRates(previous: previous, current: current)
        var stats = KubeletPodStats()
        (stats.namespace, stats.name) = ("shop", "web-1")  // no UID: matched by name, as from /metrics/resource
        var nginx = KubeletContainerStats()
        (nginx.name, nginx.cpuNanoCores) = ("nginx", 900_000_000)
        stats.containers = [nginx]
        var status = KubeletStatus()
        status.podStats = [stats]
        let apart = KubeletPodStatsView.table(status, snapshot: current, rates: rates).rendered
        #expect(apart.contains("data-disagree><td></td><td>nginx</td>"), "\(apart)")
        #expect(apart.contains("<td class=\"num\">0.900</td><td class=\"num\">0.200</td>"), "\(apart)")
        status.podStats[0].containers[0].cpuNanoCores = 250_000_000
        #expect(!KubeletPodStatsView.table(status, snapshot: current, rates: rates).rendered.contains("data-disagree"))
    }
}

/// The node page lists the pods the kubelet and the API server see differently, with how long it has lasted.
@Suite struct KubeletPodDifferenceViewTests {
    @Test func disagreementsShowWithTheirDuration() {
        var status = KubeletStatus()
        status.kubeletPods = 12
        let page = KubeletView.differences(status, nowMilliseconds: 1_000_000).rendered
        #expect(page.contains("runs 12 pods; the API server lists the same"))
        status.podDifferences = [
            KubeletPodDifference(
                namespace: "kube-system",
                name: "etcd-node-a",
                kubeletPhase: "Running",
                apiPhase: "",
                sinceMilliseconds: 1_000_000 - 185_000
            ),
            KubeletPodDifference(
                namespace: "shop",
                name: "<b>x</b>",
                kubeletPhase: "",
                apiPhase: "Pending",
                sinceMilliseconds: 999_000
            ),
        ]
        let table = KubeletView.differences(status, nowMilliseconds: 1_000_000).rendered
        #expect(table.contains("<td>kube-system/etcd-node-a</td><td>Running</td>"))
        #expect(table.contains("<td>not listed</td><td>3 min</td>"))
        #expect(table.contains("&lt;b&gt;x&lt;/b&gt;") && table.contains("<td>not running</td>"))
        #expect(table.contains("<td>1 s</td>"))
        status.kubeletPods = nil
        #expect(KubeletView.differences(status, nowMilliseconds: 1).rendered.isEmpty)
    }
}

/// A failing probe: listed on the node page with its recent failures and when it last failed, and an alert
/// metric per pod and per container.
@Suite struct ProbeViewTests {
    @Test func aFailingProbeShowsAndIsAlertable() throws {
        var status = KubeletStatus()
        var liveness = ProbeResult()
        (liveness.namespace, liveness.pod, liveness.container, liveness.probeType) = (
            "shop", "web-1", "nginx", "Liveness"
        )
        (liveness.failed, liveness.successful, liveness.recentFailures) = (7, 120, 3)
        liveness.lastFailureMilliseconds = 1_000_000 - 20_000
        var readiness = liveness
        (readiness.probeType, readiness.failed, readiness.recentFailures) = ("Readiness", 0, 0)
        status.probes = [readiness, liveness]
        let table = KubeletView.probes(status, nowMilliseconds: 1_000_000).rendered
        #expect(table.contains("2 probes; 1 have failed since the kubelet started"))
        #expect(table.contains("<td>Liveness</td>") && !table.contains("<td>Readiness</td>"))
        #expect(table.contains("<td>20 s ago</td>"))

        var cgroup = CgroupStats(version: .v2)
        cgroup.memoryWorkingSetBytes = 1 << 20
        var process = ProcessSnapshot()
        process.stat.pid = 4242
        process.stat.comm = "nginx"
        var snapshot = WebPod.snapshot(containers: [("aaa", "nginx")], cgroup: cgroup, processes: [process])
        snapshot.node = "worker-1"
        var info = NodeInfo()
        info.kubelet = status
        snapshot.nodeInfo = info
        let cache = LiveCache(configuration: ServerConfiguration())
        cache.ingest(node: "worker-1", snapshot: snapshot, wallMilliseconds: 1)
        let samples = AlertSamples.collect(cache.all(), metrics: ["pod.probe.failures"], nowMilliseconds: 1)
        func value(_ key: String) -> Double?? { samples.first { $0.subject.key == key }.map(\.value) }
        #expect(value("pod/worker-1/shop/web-1") == .some(3))
        #expect(value("container/worker-1/shop/web-1/nginx") == .some(3))

        // Probes unknown (the endpoint failed): unknown, not 0.
        info.kubelet?.errors = [KubeletEndpointError(path: "/metrics/probes", reason: "403 Forbidden")]
        snapshot.nodeInfo = info
        cache.ingest(node: "worker-1", snapshot: snapshot, wallMilliseconds: 2)
        let unknown = AlertSamples.collect(cache.all(), metrics: ["pod.probe.failures"], nowMilliseconds: 2)
        #expect(unknown.first { $0.subject.key == "pod/worker-1/shop/web-1" }?.value == nil)
    }
}
