import AgentCore
import Foundation
import KernelTracing
import PodSandbox
import Telemetry
import Testing

/// The kernel maps joined to a real pass: execs, ended processes and an OOM kill in real pods come out under
/// those pods' UIDs and containers, with the OOM-killed container's limit, in the snapshot the agent sends.
@Suite(.serialized) struct KernelSignalsJoinTests {
    @Test func realPodsSignalsLandOnThosePods() async throws {
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        let tracer = KernelTracer(
            memoryCgroupV1: FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/memory.limit_in_bytes")
        )
        let execs = try sandbox.addPod(command: [
            "/bin/sh", "-c", "sleep 1; i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i+1)); done; sleep 86400",
        ])
        let hog = ["/bin/sh", "-c", "sleep 1; head -c 200000000 /dev/zero | tail; sleep 86400"]
        let oom = try sandbox.addPod(specs: [PodSandbox.ContainerSpec(commands: [hog], memoryLimitBytes: 32 << 20)])
        let collector = Collector(configuration: AgentConfiguration(nodeName: "sandbox"))
        var join = KernelSignalsJoin()
        var execCount: UInt64 = 0
        var last = Snapshot()
        for _ in 0..<60 {
            var snapshot = try collector.collect()
            join.apply(tracer.drain(), signals: tracer.signals, to: &snapshot)
            let kernel = try #require(snapshot.kernelSignals)
            execCount += kernel.containers.filter { $0.podUID == execs.uid }.reduce(0) { $0 + $1.execs }
            last = snapshot
            let ended = kernel.exits.contains { $0.podUID == execs.uid && $0.command == "true" }
            if execCount >= 100, ended, kernel.oomKills.contains(where: { $0.podUID == oom.uid }) { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        let kernel = try #require(last.kernelSignals)
        #expect(kernel.signals.allSatisfy { $0.on }, "\(kernel.signals)")
        #expect(execCount >= 100)
        let ended = kernel.exits.filter { $0.podUID == execs.uid }
        #expect(ended.contains { $0.command == "true" && $0.containerID == execs.containers.first?.id })
        let kill = try #require(kernel.oomKills.first { $0.podUID == oom.uid }, "\(kernel.oomKills)")
        #expect(kill.command == "tail" && kill.containerID == oom.containers.first?.id)
        #expect(kill.limitBytes == 32 << 20)
        #expect(kernel.intervalMilliseconds > 0)
        // What the agent sends is within what the server takes.
        try SnapshotLimits.standard.check(kernelSignals: kernel)
    }
}
