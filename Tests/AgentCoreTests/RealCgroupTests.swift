import AgentCore
import Foundation
import KernelStats
import PodSandbox
import Telemetry
import Testing

/// Pods built from real processes in real cgroups on this machine (root only; CI runs as root).
@Suite(.serialized) struct RealCgroupTests {
    static let isRoot = getuid() == 0

    @Test(.enabled(if: isRoot, "needs root to create cgroups"))
    func processesAreGroupedByPodAndContainer() throws {
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        let systemdPod = try sandbox.addPod(driver: .systemd, containers: 2, processesPerContainer: 3)
        let cgroupfsPod = try sandbox.addPod(
            driver: .cgroupfs,
            qos: "besteffort",
            containers: 1,
            processesPerContainer: 2
        )

        let snapshot = try Collector(configuration: AgentConfiguration(nodeName: "sandbox")).collect()
        for pod in [systemdPod, cgroupfsPod] {
            for container in pod.containers {
                let key = ContainerKey(podUID: pod.uid, containerID: container.id)
                let found = try #require(
                    snapshot.containers.first { $0.key == key },
                    "container \(container.id) not found"
                )
                #expect(Set(found.processes.map(\.pid)) == Set(container.pids))
                let cgroup = try #require(found.cgroup)
                #expect(cgroup.pidsCurrent == UInt64(container.pids.count))
                #expect(cgroup.cpuUsageNanoseconds != nil)
                #expect(cgroup.memoryUsageBytes != nil)
                #expect(found.cgroupPath?.hasSuffix(container.cgroupPath) == true)
            }
        }
        let systemd = try #require(snapshot.containers.first { $0.identity.podUID == systemdPod.uid })
        #expect(systemd.identity.runtime == .containerd && systemd.identity.qosClass == .burstable)
        let cgroupfs = try #require(snapshot.containers.first { $0.identity.podUID == cgroupfsPod.uid })
        #expect(cgroupfs.identity.qosClass == .bestEffort)
        // No sandbox process leaks into the host list.
        let sandboxPIDs = Set(sandbox.pods.flatMap(\.containers).flatMap(\.pids))
        #expect(snapshot.hostProcesses.allSatisfy { !sandboxPIDs.contains($0.pid) })
    }

    /// Processes of a container whose cgroup CPU and memory counters did not move are not read (their last
    /// sample stands, for fewer than `refreshPasses` passes); a busy container's are read every pass.
    @Test(.enabled(if: isRoot, "needs root to create cgroups"))
    func idleContainersAreNotReadAndBusyOnesAre() async throws {
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        let idle = try sandbox.addPod(containers: 1, processesPerContainer: 3)
        let busy = try sandbox.addPod(
            containers: 1,
            processesPerContainer: 1,
            command: ["/bin/sh", "-c", "while :; do :; done"]
        )
        var configuration = AgentConfiguration(nodeName: "sandbox", readPolicy: ReadPolicy(refreshPasses: 4))
        configuration.podFilter = [idle.uid, busy.uid]
        let collector = Collector(configuration: configuration)
        // Freshly spawned processes settle (lazy page faults) at their own pace on a busy machine: collect until
        // the idle container has been skipped for a while, never assuming which pass that starts on.
        var snapshots: [Snapshot] = []
        for _ in 0..<40 {
            snapshots.append(try collector.collect())
            let skipped = snapshots.suffix(8).filter { $0.agent?.processesSkipped ?? 0 >= 3 }.count
            if skipped >= 4 { break }
            try await Task.sleep(for: .milliseconds(150))
        }
        func container(_ pod: PodSandbox.Pod, _ snapshot: Snapshot) -> ContainerSnapshot? {
            snapshot.containers.first { $0.identity.podUID == pod.uid }
        }
        let skipped = snapshots.map { Int($0.agent?.processesSkipped ?? 0) }
        #expect(skipped[0] == 0 && skipped[1] == 0, "\(skipped)")  // the first probe has nothing to compare with
        #expect(skipped.suffix(8).filter { $0 >= 3 }.count >= 4, "\(skipped)")
        // Never more than refreshPasses − 1 passes in a row without reading them.
        var run = 0
        for count in skipped {
            run = count >= 3 ? run + 1 : 0
            #expect(run <= 3, "\(skipped)")
        }
        // A skipped pass shows the idle container's processes as the pass before did.
        if let index = skipped.indices.dropFirst().first(where: { skipped[$0] >= 3 }) {
            #expect(container(idle, snapshots[index])?.processes == container(idle, snapshots[index - 1])?.processes)
        }
        // The busy one is read every pass: its CPU time moves.
        let ticks = snapshots.compactMap { container(busy, $0)?.processes.first.map { $0.stat.utime + $0.stat.stime } }
        #expect(ticks.count == snapshots.count && ticks.last ?? 0 > ticks.first ?? 0, "\(ticks)")

        var everything = configuration
        everything.skipIdleContainers = false
        let strict = Collector(configuration: everything)
        _ = try strict.collect()
        #expect(try strict.collect().agent?.processesSkipped == 0)
    }

    @Test(.enabled(if: isRoot, "needs root to create cgroups"))
    func exitedProcessesAndContainersDisappear() throws {
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        let pod = try sandbox.addPod(containers: 1, processesPerContainer: 2)
        let collector = Collector(configuration: AgentConfiguration(nodeName: "sandbox"))
        let key = ContainerKey(podUID: pod.uid, containerID: pod.containers[0].id)
        #expect(try collector.collect().containers.contains { $0.key == key })
        sandbox.destroy()
        let after = try collector.collect()
        #expect(!after.containers.contains { $0.key == key })
        #expect(after.errors.isEmpty, "\(after.errors)")
    }

    @Test(.enabled(if: isRoot, "needs root to create cgroups"))
    func sandboxCleansUp() throws {
        let sandbox = try PodSandbox()
        let pod = try sandbox.addPod(containers: 1, processesPerContainer: 1)
        let pid = pod.containers[0].pids[0]
        let directory = sandbox.directory(pod.containers[0].cgroupPath, in: "memory")
        #expect(FileManager.default.fileExists(atPath: directory))
        sandbox.destroy()
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory("/\(sandbox.top)", in: "memory")))
        #expect(kill(pid, 0) == -1)
    }
}
