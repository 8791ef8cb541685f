import Alerting
import NodeStore
import Telemetry
import Testing

@testable import AlertEngine
@testable import ServerCore
@testable import Web

/// The eBPF signals on the node and pod pages and in alerts: each signal's state with why it is off, the pod's
/// run-queue latency, execs, retransmits and endpoints, an OOM kill with its limit, and the four alert metrics —
/// unknown while their signal is off, except pod.oom_kill, which falls back to the cgroup counter.
@Suite struct KernelSignalsViewTests {
    static let uid = "5d3c1a2b-0000-4000-8000-000000000001"

    static func node(runqueueOn: Bool = true, kernel: Bool = true) -> NodeState {
        var snapshot = Snapshot()
        snapshot.node = "worker-1"
        snapshot.wallTimeMilliseconds = 1_796_381_000_000
        snapshot.pods = [PodMetadata(uid: Self.uid, namespace: "shop", name: "checkout-1")]
        let identity = ContainerIdentity(
            podUID: Self.uid,
            qosClass: .burstable,
            runtime: .containerd,
            containerID: "abc"
        )
        snapshot.containers = [ContainerSnapshot(identity: identity, cgroup: CgroupStats())]
        if kernel {
            var signals = KernelSignalsWire.sample(podUID: Self.uid)
            signals.signals[0].on = runqueueOn
            signals.signals[0].reason = runqueueOn ? "" : "this kernel has no tracepoint sched_switch <x>"
            snapshot.kernelSignals = signals
        }
        let cache = LiveCache(configuration: ServerConfiguration())
        cache.ingest(node: "worker-1", snapshot: snapshot, wallMilliseconds: 1)
        return cache.all()[0]
    }

    static func value(_ metric: String, _ node: NodeState, pod: Bool = true) -> Double?? {
        AlertSamples.collect([node], metrics: [metric], nowMilliseconds: 1).first {
            $0.subject.kind == (pod ? .pod : .container)
        }.map(\.value)
    }

    @Test func theNodePageShowsEachSignalAndWhyOneIsOff() {
        let page = NodeView.fragment(Self.node(runqueueOn: false)).rendered
        #expect(page.contains("data-signal=\"runqueue\" data-on=\"false\""))
        #expect(page.contains("no tracepoint sched_switch &lt;x&gt;"))  // escaped
        #expect(page.contains("data-signal=\"execs\" data-on=\"true\""))
        // A sampled signal says so, and how much of the time it is traced.
        #expect(page.contains("data-sampled=\"5\">sampled 5 % of each pass"))
        #expect(page.contains("shop/checkout-1") && page.contains("10.231.0.2:7777 (41)"))
        #expect(page.contains("<code>tail</code>") && page.contains("limit 32.0 MiB"))
        #expect(page.contains("data-device=\"7:0\""))
        let without = NodeView.fragment(Self.node(kernel: false)).rendered
        #expect(without.contains("data-kernel=\"off\"") && without.contains("--no-ebpf"))
    }

    @Test func thePodPageShowsItsOwnSignals() throws {
        let node = Self.node()
        let pod = try #require(PodSummary.pods(of: node).first { $0.uid == Self.uid })
        let page = PodView.fragment(node, pod).rendered
        #expect(page.contains("data-kernel-pod"))
        // 200 execs over 5 s; 41 retransmits over 5 s.
        #expect(page.contains("<dd data-pod-execs>40.0/s</dd>"))
        #expect(page.contains("8.2/s 10.231.0.2:7777 (41)"))
        #expect(page.contains("data-pod-runqueue>p50 4 µs · p99 16 µs"))
    }

    @Test func theAlertMetricsFollowTheSignalsState() {
        let on = Self.node()
        #expect(Self.value("pod.exec_per_s", on) == .some(40))
        #expect(Self.value("pod.tcp.retransmits_per_s", on) == .some(8.2))
        #expect(Self.value("pod.oom_kill", on) == .some(1))
        #expect(Self.value("pod.oom_kill", on, pod: false) == .some(1))
        #expect(Self.value("pod.runqueue.p99_ms", on) == .some(0.016))
        let off = Self.node(runqueueOn: false)
        #expect(Self.value("pod.runqueue.p99_ms", off) == .some(nil))
        let none = Self.node(kernel: false)
        #expect(Self.value("pod.exec_per_s", none) == .some(nil))
        // Without eBPF, pod.oom_kill is the cgroup counter's difference (no previous snapshot here: unknown).
        #expect(Self.value("pod.oom_kill", none) == Self.value("pod.oom_kills", none))
    }
}

/// A node's signals as an agent sends them: 5 s of a pod with 200 execs, 41 retransmits to one endpoint, an OOM
/// kill of `tail` at its 32 MiB limit, a loop device read.
enum KernelSignalsWire {
    static func sample(podUID: String) -> KernelSignals {
        var kernel = KernelSignals()
        kernel.signals = KernelSignals.signalNames.map {
            KernelSignal(name: $0, on: true, sampledPercent: KernelSignals.sampledSignalNames.contains($0) ? 5 : 0)
        }
        kernel.intervalMilliseconds = 5_000
        kernel.nodeRunqueue = LatencyHistogram(buckets: [3, 40, 12, 0, 1])
        kernel.nodeSyscalls = 1_000
        var container = KernelContainer(podUID: podUID, containerID: "abc")
        container.runqueue = LatencyHistogram(buckets: [0, 60, 30, 11])
        container.execs = 200
        container.oomKills = 1
        kernel.containers = [container]
        kernel.retransmits = [
            KernelRetransmits(
                podUID: podUID,
                networkNamespace: 4_026_532_000,
                retransmits: 41,
                endpoints: [KernelEndpoint(address: "10.231.0.2", port: 7777, retransmits: 41)]
            )
        ]
        kernel.devices = [KernelDevice(device: "7:0", name: "loop0", latency: LatencyHistogram(buckets: [0, 0, 512]))]
        var kill = KernelProcessEvent(
            podUID: podUID,
            containerID: "abc",
            pid: 4_242,
            command: "tail",
            timeMilliseconds: 1_796_380_999_000
        )
        kill.limitBytes = 32 << 20
        kill.usageBytes = 32 << 20
        kernel.oomKills = [kill]
        return kernel
    }
}
