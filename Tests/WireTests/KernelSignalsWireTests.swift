import Telemetry
import Testing

@testable import Wire

/// The eBPF signals travel whole in every snapshot: they come back exactly in keyframes and deltas, a part past
/// the limits is refused by the server with its field named, and the agent cuts its own to fit.
@Suite struct KernelSignalsWireTests {
    static func signals() -> KernelSignals {
        var kernel = KernelSignals()
        kernel.signals = [
            KernelSignal(name: "runqueue", on: true, sampledPercent: 5),
            KernelSignal(name: "block_io", on: false, reason: "this kernel has no tracepoint block_rq_issue"),
        ]
        kernel.intervalMilliseconds = 5_003
        kernel.nodeRunqueue = LatencyHistogram(buckets: [3, 40, 12, 0, 1])
        kernel.nodeSyscalls = 1_234_567
        var container = KernelContainer(podUID: "5d3c1a2b-0000-4000-8000-000000000001", containerID: "abc")
        container.runqueue = LatencyHistogram(buckets: [0, 2, 9])
        container.syscalls = 99_000
        container.execs = 200
        container.oomKills = 1
        kernel.containers = [container]
        kernel.retransmits = [
            KernelRetransmits(
                podUID: container.podUID,
                networkNamespace: 4_026_532_000,
                retransmits: 41,
                endpoints: [KernelEndpoint(address: "10.231.0.2", port: 7777, retransmits: 41)]
            )
        ]
        kernel.devices = [KernelDevice(device: "7:0", name: "loop0", latency: LatencyHistogram(buckets: [0, 0, 512]))]
        var kill = KernelProcessEvent(
            podUID: container.podUID,
            containerID: "abc",
            pid: 4_242,
            command: "tail",
            timeMilliseconds: 1_796_381_000_000
        )
        kill.limitBytes = 32 << 20
        kill.usageBytes = 32 << 20
        kernel.oomKills = [kill]
        var exit = kill
        exit.command = "true"
        exit.lifetimeMicros = 640
        exit.limitBytes = nil
        exit.usageBytes = nil
        kernel.exits = [exit]
        return kernel
    }

    @Test func theyComeBackExactlyInKeyframesAndDeltas() throws {
        var first = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        first.kernelSignals = Self.signals()
        var second = first
        second.kernelSignals?.nodeSyscalls = 7
        var third = second
        third.kernelSignals = nil
        let back = try DeltaShapeTests.roundTrip([first, second, third])
        #expect(back[0].kernelSignals == first.kernelSignals)
        #expect(back[1].kernelSignals?.nodeSyscalls == 7)
        #expect(back[2].kernelSignals == nil)
    }

    @Test(arguments: [
        "kernel_signals.containers[0].runqueue.buckets", "kernel_signals.exits[0].command",
        "kernel_signals.oom_kills[0].pid", "kernel_signals.retransmits[0].endpoints",
        "kernel_signals.devices[0].name", "kernel_signals.signals[1].reason",
        "kernel_signals.signals[0].sampled_percent",
    ])
    func hostileValuesAreRefusedByNameAndPutRightByTheAgent(field: String) throws {
        var snapshot = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        var kernel = Self.signals()
        switch field {
        case "kernel_signals.containers[0].runqueue.buckets":
            kernel.containers[0].runqueue = LatencyHistogram(buckets: Array(repeating: UInt64.max, count: 10_000))
        case "kernel_signals.exits[0].command": kernel.exits[0].command = "evil\n2026 level=critical forged"
        case "kernel_signals.oom_kills[0].pid": kernel.oomKills[0].pid = -1
        case "kernel_signals.retransmits[0].endpoints":
            kernel.retransmits[0].endpoints = Array(repeating: kernel.retransmits[0].endpoints[0], count: 1_000)
        case "kernel_signals.devices[0].name": kernel.devices[0].name = String(repeating: "d", count: 10_000)
        case "kernel_signals.signals[0].sampled_percent": kernel.signals[0].sampledPercent = .max
        default: kernel.signals[1].reason = String(repeating: "r", count: 100_000)
        }
        snapshot.kernelSignals = kernel
        var encoder = SnapshotEncoder()
        var decoder = SnapshotDecoder()
        let refused = #expect(throws: WireError.self) { try decoder.snapshot(from: encoder.frame(for: snapshot)) }
        #expect(refused?.violation?.field == field)

        SnapshotLimits.standard.conform(&snapshot)
        #expect(snapshot.errors.contains { $0.message.contains("kernel_signals") })
        var fresh = SnapshotDecoder()
        var again = SnapshotEncoder()
        let kept = try #require(try fresh.snapshot(from: again.frame(for: snapshot)).kernelSignals)
        #expect(kept == snapshot.kernelSignals)
        #expect(kept.exits.allSatisfy { !$0.command.contains("\n") })
        if field == "kernel_signals.signals[0].sampled_percent" { #expect(kept.signals[0].sampledPercent == 100) }
        // Sums over absurd counters saturate instead of trapping.
        if field == "kernel_signals.containers[0].runqueue.buckets" {
            #expect(kept.containers.first?.runqueue.count == UInt64.max)
            #expect(kept.containers.first?.runqueue.quantileMilliseconds(0.99) != nil)
        }
    }
}
