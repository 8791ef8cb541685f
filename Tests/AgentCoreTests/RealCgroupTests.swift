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
