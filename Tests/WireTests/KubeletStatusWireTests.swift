import Telemetry
import Testing

@testable import Wire

/// The kubelet's status travels in NodeInfo: it comes back exactly (keyframe and delta), and a status past the
/// limits is refused by the server before it is kept, while the agent cuts its own to fit.
@Suite struct KubeletStatusWireTests {
    static func status() -> KubeletStatus {
        var status = KubeletStatus()
        status.endpoint = "https://10.0.0.5:10250"
        status.healthy = true
        status.healthLatencyMicros = 1_834
        status.syncLoopHealthy = false
        var memory = EvictionSignal(signal: "memory.available", hard: "100Mi", soft: "500Mi")
        memory.hardThreshold = 100 << 20
        memory.softThreshold = 500 << 20
        memory.available = 64 << 20
        memory.capacity = 16 << 30
        status.evictionSignals = [memory, EvictionSignal(signal: "nodefs.available", hard: "10%")]
        status.nodeFsCapacityBytes = 104_560_844_800
        status.nodeFsAvailableBytes = 31_262_711_808
        status.reserved = ["kube cpu=100m"]
        status.errors = [KubeletEndpointError(path: "/configz", reason: "403 Forbidden")]
        status.kubeletPods = 31
        status.podStartSecondsAverage = 1.57
        status.runtimeOperationErrors = [RuntimeOperationErrors(operation: "pull_image", count: 3)]
        status.machineCores = 16
        status.machineSource = "kubelet /spec"
        status.podDifferences = [
            KubeletPodDifference(
                namespace: "kube-system",
                name: "etcd-node-a",
                kubeletPhase: "Running",
                apiPhase: "",
                sinceMilliseconds: 1_796_363_696_489
            )
        ]
        return status
    }

    @Test func itComesBackExactlyInKeyframesAndDeltas() throws {
        var first = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        var info = first.nodeInfo ?? NodeInfo()
        info.kubelet = Self.status()
        first.nodeInfo = info
        var second = first
        second.nodeInfo?.kubelet?.healthy = false
        let back = try DeltaShapeTests.roundTrip([first, second, second])
        #expect(back[0].nodeInfo?.kubelet == first.nodeInfo?.kubelet)
        #expect(back[1].nodeInfo?.kubelet?.healthy == false && back[2] == back[1])
    }

    @Test func aStatusPastTheLimitsIsRefusedAndTheAgentCutsItsOwn() throws {
        var snapshot = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        var status = Self.status()
        status.evictionSignals = Array(repeating: EvictionSignal(signal: "memory.available"), count: 5_000)
        status.errors[0].reason = String(repeating: "x", count: 100_000)
        var info = NodeInfo()
        info.kubelet = status
        snapshot.nodeInfo = info
        var encoder = SnapshotEncoder()
        let frame = encoder.frame(for: snapshot)
        var decoder = SnapshotDecoder()
        let refused = #expect(throws: WireError.self) { try decoder.snapshot(from: frame) }
        #expect(refused?.violation?.field == "node_info.kubelet.eviction_signals")

        SnapshotLimits.standard.conform(&snapshot)
        let kept = try #require(snapshot.nodeInfo?.kubelet)
        #expect(kept.evictionSignals.count == SnapshotLimits.standard.kubeletEntries)
        #expect(kept.errors[0].reason.utf8.count <= SnapshotLimits.standard.textBytes)
        var fresh = SnapshotDecoder()
        var again = SnapshotEncoder()
        #expect(try fresh.snapshot(from: again.frame(for: snapshot)).nodeInfo?.kubelet == kept)
    }

    /// Numbers and names no kubelet would send: each refused by the server with its field named, and each put
    /// right (or dropped) by the agent's own conforming, so that one odd value never costs the node its snapshot.
    @Test(arguments: [
        "node_info.kubelet.pod_start_seconds_average", "node_info.kubelet.machine_cores",
        "node_info.kubelet.pod_stats[0].cadvisor_network_receive_bytes_per_second",
        "node_info.kubelet.probes[0].pod", "node_info.kubelet.pod_differences[0].since_milliseconds",
        "node_info.kubelet.health_latency_micros",
    ])
    func oddValuesAreRefusedAndConformed(field: String) throws {
        var status = KubeletStatus()
        switch field {
        case "node_info.kubelet.pod_start_seconds_average": status.podStartSecondsAverage = .nan
        case "node_info.kubelet.machine_cores": status.machineCores = -4
        case "node_info.kubelet.health_latency_micros": status.healthLatencyMicros = .max
        case "node_info.kubelet.probes[0].pod":
            var probe = ProbeResult()
            probe.pod = "web\u{1b}[2J\n"
            status.probes = [probe]
        case "node_info.kubelet.pod_differences[0].since_milliseconds":
            status.podDifferences = [
                KubeletPodDifference(namespace: "a", name: "b", kubeletPhase: "", apiPhase: "", sinceMilliseconds: -1)
            ]
        default:
            var pod = KubeletPodStats()
            pod.cadvisorNetworkReceiveBytesPerSecond = -.infinity
            status.podStats = [pod]
        }
        var snapshot = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        var info = NodeInfo()
        info.kubelet = status
        snapshot.nodeInfo = info
        var encoder = SnapshotEncoder()
        var decoder = SnapshotDecoder()
        let refused = #expect(throws: WireError.self) { try decoder.snapshot(from: encoder.frame(for: snapshot)) }
        #expect(refused?.violation?.field == field)

        SnapshotLimits.standard.conform(&snapshot)
        var fresh = SnapshotDecoder()
        var again = SnapshotEncoder()
        #expect(throws: Never.self) { try fresh.snapshot(from: again.frame(for: snapshot)) }
    }
}
