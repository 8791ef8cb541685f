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
    func idleContainersAreNotReadAndBusyOnesAre() throws {
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
        var snapshots: [Snapshot] = []
        for _ in 0..<6 {
            snapshots.append(try collector.collect())
            usleep(200_000)
        }
        func container(_ pod: PodSandbox.Pod, _ snapshot: Snapshot) -> ContainerSnapshot? {
            snapshot.containers.first { $0.identity.podUID == pod.uid }
        }
        // Pass 1 reads everything, pass 2 too (the first probe has nothing to compare with); passes 3–5 reuse the
        // idle container's three processes; pass 6 reads them again (refresh every 4th pass at the latest).
        let skipped = snapshots.map { Int($0.agent?.processesSkipped ?? 0) }
        #expect(skipped[0] == 0 && skipped[1] == 0, "\(skipped)")
        #expect(skipped[2] >= 3 && skipped[3] >= 3 && skipped[4] >= 3 && skipped[5] < 3, "\(skipped)")
        #expect(container(idle, snapshots[3])?.processes == container(idle, snapshots[2])?.processes)
        #expect(container(idle, snapshots[5])?.processes.count == 3)
        // The busy one is read every pass: its CPU time moves.
        let ticks = snapshots.compactMap { container(busy, $0)?.processes.first.map { $0.stat.utime + $0.stat.stime } }
        #expect(ticks.count == 6 && ticks[5] > ticks[2] && ticks[2] > ticks[0], "\(ticks)")

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
