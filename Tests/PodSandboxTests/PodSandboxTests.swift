import Foundation
import PodSandbox
import Testing

@Suite(.serialized) struct PodSandboxTests {
    @Test(.enabled(if: getuid() == 0, "needs root to create cgroups"))
    func podsAreWhereTheKubeletWouldPutThem() throws {
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        let pod = try sandbox.addPod(driver: .systemd, containers: 1, processesPerContainer: 2)
        let container = pod.containers[0]
        #expect(container.pids.count == 2)
        #expect(
            container.cgroupPath.contains(
                "kubepods-burstable-pod\(pod.uid.replacingOccurrences(of: "-", with: "_")).slice"
            )
        )
        #expect(container.cgroupPath.hasSuffix("cri-containerd-\(container.id).scope"))
        for pid in container.pids {
            let cgroup = try String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)
            #expect(cgroup.contains(":memory:\(container.cgroupPath)\n"))
        }
    }

    @Test(.enabled(if: getuid() == 0, "needs root to create cgroups"))
    func cgroupfsLayout() throws {
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        let pod = try sandbox.addPod(driver: .cgroupfs, qos: "besteffort")
        #expect(
            pod.containers[0].cgroupPath == "/\(sandbox.top)/kubepods/besteffort/pod\(pod.uid)/\(pod.containers[0].id)"
        )
    }

    @Test func missingHierarchyIsAClearError() {
        #expect(throws: SandboxError.self) { try PodSandbox(cgroupRoot: "/nonexistent") }
    }
}

@Suite(.serialized) struct PodSandboxCleanupTests {
    @Test(.enabled(if: getuid() == 0, "needs root to create cgroups"))
    func forkedDescendantsAreKilledAndEveryDirectoryRemoved() async throws {
        let sandbox = try PodSandbox()
        // A shell that keeps forking short-lived children, as the dev workloads do.
        let pod = try sandbox.addPod(command: ["/bin/sh", "-c", "while :; do sleep 0.2; done"])
        try await Task.sleep(for: .milliseconds(300))
        let directory = sandbox.directory(pod.containers[0].cgroupPath, in: "memory")
        sandbox.destroy()
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory("/\(sandbox.top)", in: "memory")))
    }
}
