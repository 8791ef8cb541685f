import Kube
import KubeClient
import Telemetry
import Testing

@testable import AgentCore

/// The dev simulation's kubelet: healthy, thresholds against this machine's memory and root filesystem, its pods
/// agreeing with the simulated API, a `worker` node just above memory eviction, and on an `agent` node the api
/// pod's liveness probe failing as a crash-looping pod's would.
@Suite struct DevKubeletTests {
    static let pods = [
        PodMetadata(
            uid: "u1",
            namespace: "web",
            name: "api-6b8f9c7d5-abcde",
            phase: "Running",
            containers: [ContainerName(id: "c1", name: "api")]
        ),
        PodMetadata(
            uid: "u2",
            namespace: "web",
            name: "redis-0",
            phase: "Running",
            containers: [ContainerName(id: "c2", name: "redis")]
        ),
    ]

    static func memory() -> Meminfo {
        let (total, available) = DevKubelet.meminfo(procRoot: "/proc")
        return Meminfo(values: ["MemTotal": total ?? 0, "MemAvailable": available ?? 0])
    }

    @Test func aWorkerNodeSitsJustAboveMemoryEviction() throws {
        let kubelet = DevKubelet(nodeName: "worker-03", pods: Self.pods, procRoot: "/proc")
        let status = kubelet.readings(procRoot: "/proc").status(memory: Self.memory(), load: nil)
        #expect(status.healthy == true && status.syncLoopHealthy == true && status.errors.isEmpty)
        let memory = try #require(status.evictionSignals.first { $0.signal == "memory.available" })
        let headroom = try #require(memory.headroomPercent)
        #expect(headroom > 0 && headroom < 5, "\(headroom)")  // the node page flags under 5 %
        #expect((status.nodeFsCapacityBytes ?? 0) > 0 && status.nodeFsUsedPercent != nil)
        let other = DevKubelet(nodeName: "node-01", pods: Self.pods, procRoot: "/proc")
        let calm = other.readings(procRoot: "/proc").status(memory: Self.memory(), load: nil)
        #expect(calm.evictionSignals.first?.hard == "100Mi")
    }

    @Test func theApiPodsLivenessProbeFailsOnAnAgentNode() {
        let kubelet = DevKubelet(nodeName: "agent-02", pods: Self.pods, procRoot: "/proc")
        _ = kubelet.readings(procRoot: "/proc", elapsedSeconds: 0, nowMilliseconds: 0)
        let later = kubelet.readings(procRoot: "/proc", elapsedSeconds: 45, nowMilliseconds: 45_000)
        let api = later.probes.first { $0.pod.hasPrefix("api-") }
        let redis = later.probes.first { $0.pod == "redis-0" }
        #expect(api?.failed == 2 && api?.recentFailures == 2 && api?.lastFailureMilliseconds == 45_000)
        #expect(redis?.failed == 0 && (redis?.successful ?? 0) > 0)
        #expect(later.pods?.map(\.name) == Self.pods.map(\.name))
        #expect(later.podSummaries.map { $0.podRef?.name } == Self.pods.map(\.name))
        #expect(later.podSummaries.allSatisfy { ($0.ephemeralStorage?.usedBytes ?? 0) > 4 << 20 })
        let quiet = DevKubelet(nodeName: "node-01", pods: Self.pods, procRoot: "/proc")
        #expect(
            quiet.readings(procRoot: "/proc", elapsedSeconds: 45, nowMilliseconds: 45_000).probes.allSatisfy {
                $0.failed == 0
            }
        )
    }
}
