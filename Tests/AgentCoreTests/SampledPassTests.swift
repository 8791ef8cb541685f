import AgentCore
import Foundation
import KernelTracing
import Logging
import PodSandbox
import Synchronization
import Telemetry
import Testing

/// The agent's pass loop with sampled signals (real programs, a real pod in a real cgroup; passes of 500 ms sampled
/// at 20 %): every snapshot after the first says syscalls are sampled at the share asked, and a pod making system
/// calls steadily is counted in each one, scaled to the whole pass: over five passes, about what the same
/// programs traced throughout counted, not the fifth the windows saw.
@Suite(.serialized) struct SampledPassTests {
    @Test func eachPassTracesItsShareAndScalesTheCountsToThePass() async throws {
        let tracer = KernelTracer(
            enabled: ["syscalls"],
            memoryCgroupV1: KernelTracerLoader.memoryCgroupV1(cgroupRoot: "/sys/fs/cgroup"),
            samplePercent: 20
        )
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        let pod = try sandbox.addPod(command: [
            "/usr/bin/nice", "-n", "19", "/bin/sh", "-c",
            "while :; do dd if=/dev/zero of=/dev/null bs=1 count=4000 2>/dev/null; sleep 0.02; done",
        ])
        let id = try Self.cgroupID(sandbox, try #require(pod.containers.first))
        // The reference: the same programs traced throughout, in an object of their own, drained when the passes
        // being compared begin and when they end.
        let reference = KernelTracer(
            enabled: ["syscalls"],
            memoryCgroupV1: KernelTracerLoader.memoryCgroupV1(cgroupRoot: "/sys/fs/cgroup")
        )
        let snapshots = Mutex<[Snapshot]>([])
        var logger = Logger(label: "sampled-pass")
        logger.logLevel = .critical
        let sampler = SamplerService(
            configuration: AgentConfiguration(nodeName: "sampled", interval: .milliseconds(500)),
            logger: logger,
            tracer: tracer
        ) { snapshot in snapshots.withLock { $0.append(snapshot) } }
        let run = Task { try await sampler.run() }
        for _ in 0..<300 where snapshots.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(10)) }
        _ = reference.drain()
        for _ in 0..<3000 where snapshots.withLock({ $0.count }) < 7 { try await Task.sleep(for: .milliseconds(10)) }
        let truth = reference.drain().syscalls[id, default: 0]
        run.cancel()
        _ = try? await run.value
        let taken = snapshots.withLock { $0 }
        try #require(taken.count >= 7)
        let uid = pod.uid
        var counted: [UInt64] = []
        for snapshot in taken[2..<7] {
            let kernel = try #require(snapshot.kernelSignals)
            #expect(kernel.signals.first { $0.name == "syscalls" }?.sampledPercent == 20)
            counted.append(kernel.containers.filter { $0.podUID == uid }.reduce(0) { $0 + $1.syscalls })
        }
        // dd makes two system calls per byte, 8,000 every few tens of milliseconds (not a busy loop: the rest of the
        // suite shares the cores). Counted in 100 ms of each 500 ms pass and scaled ×5, the
        // five passes add up to what the reference counted over them (unscaled they would be a fifth of it).
        #expect(counted.allSatisfy { $0 > 0 }, "\(counted)")
        let estimate = Double(counted.reduce(0, +))
        #expect(estimate > 0.5 * Double(truth) && estimate < 2 * Double(truth), "\(counted) against \(truth)")
    }

    static func cgroupID(_ sandbox: PodSandbox, _ container: PodSandbox.Container) throws -> UInt64 {
        let v1 = KernelTracerLoader.memoryCgroupV1(cgroupRoot: "/sys/fs/cgroup")
        let directory = sandbox.directory(container.cgroupPath, in: v1 ? "memory" : "unified")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        return try #require(attributes[.systemFileNumber] as? UInt64)
    }
}
