import AgentCore
import Foundation
import KernelTracing
import Telemetry
import Testing

/// Sampled signals (run-queue and syscalls, traced a share of each pass) are scaled by the agent to the whole
/// interval, per container and for the node, so that a rate reads the same sampled or not; absurd ratios saturate
/// instead of trapping, and a pass without a window adds nothing.
@Suite struct KernelSamplingScaleTests {
    /// Two passes `interval` apart of a node with one container whose cgroup is `directory` (the join keys
    /// containers by the inode of their cgroup directory, as the kernel keys tasks).
    static func join(
        syscalls: UInt64,
        sampled: UInt64?,
        interval: UInt64 = 5_000_000_000
    ) throws -> KernelSignals {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("podwatch-scale-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inode = try #require(
            try FileManager.default.attributesOfItem(atPath: directory.path)[.systemFileNumber] as? UInt64
        )
        var snapshot = Snapshot()
        snapshot.containers = [
            ContainerSnapshot(
                identity: ContainerIdentity(
                    podUID: "pod-1",
                    qosClass: .burstable,
                    runtime: .containerd,
                    containerID: "c1"
                ),
                cgroup: CgroupStats()
            )
        ]
        snapshot.containers[0].cgroupPath = directory.path
        var join = KernelSignalsJoin()
        snapshot.monotonicNanoseconds = 1_000_000_000
        join.apply(RawKernelSignals(), signals: [], to: &snapshot)
        snapshot.monotonicNanoseconds = 1_000_000_000 + interval
        var raw = RawKernelSignals()
        raw.syscalls = [inode: syscalls]
        raw.sampledNanoseconds = sampled
        join.apply(raw, signals: [], to: &snapshot)
        return try #require(snapshot.kernelSignals)
    }

    @Test func aQuarterSecondOfFiveCountsTwentyTimes() throws {
        let kernel = try Self.join(syscalls: 100, sampled: 250_000_000)
        #expect(kernel.nodeSyscalls == 2_000)
        #expect(kernel.containers.first?.syscalls == 2_000)
        #expect(kernel.intervalMilliseconds == 5_000)
    }

    @Test func tracedThroughoutIsLeftAsCounted() throws {
        let kernel = try Self.join(syscalls: 100, sampled: nil)
        #expect(kernel.nodeSyscalls == 100 && kernel.containers.first?.syscalls == 100)
    }

    @Test func absurdRatiosSaturateAndNoWindowAddsNothing() throws {
        let huge = try Self.join(syscalls: .max, sampled: 1)
        #expect(huge.nodeSyscalls == .max && huge.containers.first?.syscalls == .max)
        let none = try Self.join(syscalls: 0, sampled: 0)
        #expect(none.nodeSyscalls == 0)
    }
}
