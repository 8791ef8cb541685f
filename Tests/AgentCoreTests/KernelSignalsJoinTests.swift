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
        var ended: [KernelSignals.ProcessEvent] = []
        var last = Snapshot()
        // Two passes at least: the first has no interval (on a loaded machine everything may happen during it).
        for pass in 0..<60 {
            var snapshot = try collector.collect()
            join.apply(tracer.drain(), signals: tracer.signals, to: &snapshot)
            let kernel = try #require(snapshot.kernelSignals)
            execCount += kernel.containers.filter { $0.podUID == execs.uid }.reduce(0) { $0 + $1.execs }
            last = snapshot
            ended += kernel.exits.filter { $0.podUID == execs.uid && !ended.contains($0) }
            let done = execCount >= 100 && ended.count >= 8
            if done, pass >= 1, kernel.oomKills.contains(where: { $0.podUID == oom.uid }) { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        let kernel = try #require(last.kernelSignals)
        #expect(kernel.signals.allSatisfy { $0.on }, "\(kernel.signals)")
        #expect(execCount >= 100)
        // Each pod keeps its own last 8 whatever the rest of the node runs.
        #expect(kernel.exits.filter { $0.podUID == execs.uid }.count == 8)
        #expect(ended.contains { $0.command == "true" && $0.containerID == execs.containers.first?.id })
        let kill = try #require(kernel.oomKills.first { $0.podUID == oom.uid }, "\(kernel.oomKills)")
        #expect(kill.command == "tail" && kill.containerID == oom.containers.first?.id)
        #expect(kill.limitBytes == 32 << 20)
        #expect(kernel.intervalMilliseconds > 0)
        // What the agent sends is within what the server takes.
        try SnapshotLimits.standard.check(kernelSignals: kernel)
    }
}
