import Foundation
import HTTPTypes
import Kube
import KubeClient
import Logging
import Synchronization
import TLSTesting
import Telemetry
import Testing

/// The agent's kubelet client against a fake kubelet over TLS with its own CA and a bearer token: every endpoint
/// read in its real shape, each failure (403, 404, 500, a timeout, another shape, a wrong token) costing only its
/// own part, and the eviction signals read against the node's figures — a crossed threshold shows as negative
/// headroom.
@Suite struct KubeletPollerTests {
    static let token = "kubelet-test-token"

    static func poller(
        _ certificates: TestCertificates,
        _ kubelet: FakeKubelet,
        token: String = Self.token,
        deadline: Duration = .seconds(30)
    ) throws
        -> KubeletPoller
    {
        let access = ClusterAccess(
            server: "https://\(kubelet.address)",
            trust: .file(certificates.ca),
            credentials: .token(token)
        )
        return KubeletPoller(
            client: try KubeAPIClient(access: access),
            procRoot: "/proc",
            // A guard against a stuck fake, not a timing check: the suite runs in parallel on two loaded cores, where
            // one TLS connection can take seconds.
            deadline: deadline,
            logger: Logger(label: "test")
        )
    }

    /// 16 GiB of memory with `available` free, and 1,433 threads.
    static func status(_ readings: KubeletReadings, available: UInt64 = 8 << 30) -> KubeletStatus {
        var load = LoadAvg()
        load.entities = 1_433
        return readings.status(memory: Meminfo(values: ["MemTotal": 16 << 30, "MemAvailable": available]), load: load)
    }

    @Test func everyEndpointIsReadInItsRealShape() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let kubelet = try await FakeKubelet(certificates: certificates, token: Self.token)
        let poller = try Self.poller(certificates, kubelet)
        let readings = await poller.poll()
        #expect(readings.errors.isEmpty, "\(readings.errors)")
        #expect(readings.healthy == true && readings.syncLoopHealthy == true)
        #expect((readings.healthLatencyMicros ?? -1) > 0)
        #expect(
            readings.pidMax
                == UInt64(
                    try String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                )
        )
        #expect(poller.latest == readings)

        let status = Self.status(readings)
        #expect(status.endpoint == "https://\(kubelet.address)")
        #expect(
            status.evictionSignals.map(\.signal) == [
                "memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "pid.available",
            ]
        )
        let memory = try #require(status.evictionSignals.first)
        #expect(memory.hard == "100Mi" && memory.hardThreshold == 100 << 20)
        #expect(memory.soft == "500Mi" && memory.softThreshold == 500 << 20)
        #expect(memory.available == 8 << 30 && memory.capacity == 16 << 30)
        let headroom = try #require(memory.headroomPercent)
        #expect(abs(headroom - (Double(8 << 30) - Double(100 << 20)) / Double(16 << 30) * 100) < 1e-9)
        let nodefs = status.evictionSignals[1]
        #expect(nodefs.hardThreshold == 10_456_084_480 && nodefs.available == 31_262_711_808)
        #expect(status.evictionSignals[2].hardThreshold == 327_680)  // 5 % of 6,553,600 inodes
        let pids = status.evictionSignals[4]
        #expect(pids.capacity == readings.pidMax && pids.available == (readings.pidMax ?? 0) - 1_433)
        #expect(status.nodeFsCapacityBytes == 104_560_844_800 && status.imageFsAvailableBytes == 31_262_711_808)
        #expect(abs((status.nodeFsUsedPercent ?? 0) - 70.1018) < 0.001)
        #expect(status.reserved == ["kube cpu=100m", "kube memory=256Mi", "system memory=512Mi"])
        #expect(readings.pods?.map(\.name) == ["checkout-7d9f8b6c5d-x2k4q", "etcd-node-a", "batch-29044"])
        #expect(readings.pods?.map(\.phase) == ["Running", "Running", "Succeeded"])
        #expect(status.kubeletPods == 3)
        let pod = try #require(status.podStats.first)
        #expect(pod.name == "checkout-7d9f8b6c5d-x2k4q" && pod.ephemeralUsedBytes == 1_093_632)
        #expect(pod.containers.first?.workingSetBytes == 52_428_800 && pod.containers.first?.cpuNanoCores == 12_345_678)
        #expect(pod.containers.first?.rootfsUsedBytes == 40_960 && pod.containers.first?.logsUsedBytes == 1_048_576)
        #expect(status.probes.map(\.probeType) == ["Liveness", "Readiness"])
        #expect(status.probes.last?.failed == 3 && status.probes.last?.successful == 8_629)
        #expect(status.probes.last?.unknown == 1 && status.probes.last?.recentFailures == 0)
        // /metrics: averages since the kubelet started, runtime errors by operation (the zero one left out).
        #expect(abs((status.podStartSecondsAverage ?? 0) - 1.57) < 1e-9)
        #expect(abs((status.plegRelistSecondsAverage ?? 0) - 0.016488) < 1e-9)
        #expect(
            status.runtimeOperationErrors == [
                .init(operation: "pull_image", count: 3), .init(operation: "exec_sync", count: 1),
            ]
        )
        // /spec is gone from current kubelets (404, not an error): the Node object stands in, and says so.
        #expect(readings.machine == nil)
        var node = NodeInfo()
        node.cpuCapacityMillicores = 8_000
        node.memoryCapacityBytes = 32 << 30
        let fromNode = readings.status(memory: Meminfo(values: [:]), load: nil, node: node)
        #expect(fromNode.machineCores == 8 && fromNode.machineMemoryBytes == 32 << 30)
        #expect(fromNode.machineSource == "Node object (the kubelet does not serve /spec)")
        // cAdvisor's counters become rates from one poll to the next (nothing on the first).
        #expect(status.podStats.first?.cadvisorNetworkReceiveBytesPerSecond == nil)
        kubelet.set(
            "/metrics/cadvisor",
            .init(body: KubeletSamples.cadvisor(received: 80_000_000, written: 40_000_000))
        )
        kubelet.set("/spec", .init(body: KubeletSamples.spec))
        let served = await poller.poll().status(memory: Meminfo(values: [:]), load: nil, node: node)
        #expect(served.machineCores == 16 && served.machineMemoryBytes == 67_108_864_000)
        #expect(served.machineSource == "kubelet /spec")
        let rates = try #require(served.podStats.first)
        #expect(
            (rates.cadvisorNetworkReceiveBytesPerSecond ?? 0) > 0 && rates.cadvisorNetworkTransmitBytesPerSecond == 0
        )
        #expect((rates.containers.first?.cadvisorFsWriteBytesPerSecond ?? 0) > 0)
        await poller.shutdownClient()
        await kubelet.stop()
    }

    @Test func eachFailingEndpointCostsOnlyItsOwnPart() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let kubelet = try await FakeKubelet(certificates: certificates, token: Self.token)
        kubelet.set("/healthz/syncloop", .init(status: .internalServerError, body: KubeletSamples.syncLoopFailed))
        kubelet.set("/configz", .init(status: .forbidden, body: KubeletSamples.forbidden("configz")))
        kubelet.set("/stats/summary", .init(body: "{\"pods\":[]}"))
        kubelet.set("/healthz", .init(body: "ok", delay: .seconds(20)))
        let poller = try Self.poller(certificates, kubelet, deadline: .seconds(8))
        let readings = await poller.poll()
        let reasons = Dictionary(readings.errors.map { ($0.path, $0.reason) }, uniquingKeysWith: { $1 })
        #expect(Set(reasons.keys) == ["/healthz", "/configz", "/stats/summary"], "\(reasons)")
        #expect(readings.healthy == nil && readings.healthLatencyMicros == nil)
        #expect(readings.syncLoopHealthy == false)  // answered: unhealthy, not unknown
        #expect(
            reasons["/configz"]?.contains("403") == true && reasons["/configz"]?.contains("subresource=configz") == true
        )
        #expect(reasons["/stats/summary"]?.contains("not a KubeletStatsSummary") == true)
        let status = Self.status(readings)
        #expect(status.evictionSignals.isEmpty && status.nodeFsCapacityBytes == nil)
        // Without /stats/summary, /metrics/resource still gives the kubelet's working set per container.
        #expect(status.podStats.first?.name == "checkout-7d9f8b6c5d-x2k4q")
        #expect(status.podStats.first?.containers.first?.workingSetBytes == 52_428_800)
        #expect(status.errors == readings.errors)
        await poller.shutdownClient()
        await kubelet.stop()
    }

    @Test func aWrongTokenAndAMissingEndpointAreNamed() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let kubelet = try await FakeKubelet(certificates: certificates, token: Self.token)
        let stranger = try Self.poller(certificates, kubelet, token: "not-the-token")
        let refused = await stranger.poll()
        #expect(refused.errors.count == 10 && refused.errors.allSatisfy { $0.reason.contains("401") })
        await stranger.shutdownClient()
        kubelet.state.withLock { $0.answers["/stats/summary"] = nil }
        let poller = try Self.poller(certificates, kubelet)
        let readings = await poller.poll()
        #expect(readings.errors.map(\.path) == ["/stats/summary"] && readings.errors[0].reason.contains("404"))
        await poller.shutdownClient()
        await kubelet.stop()
    }

    @Test func aCrossedThresholdShowsAsNegativeHeadroom() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let kubelet = try await FakeKubelet(certificates: certificates, token: Self.token)
        let poller = try Self.poller(certificates, kubelet)
        let readings = await poller.poll()
        let crossed = Self.status(readings, available: 64 << 20)  // below the 100Mi hard threshold
        let memory = try #require(crossed.evictionSignals.first { $0.signal == "memory.available" })
        #expect((memory.headroomPercent ?? 0) < 0)
        #expect(crossed.tightestSignal?.signal == "memory.available")
        await poller.shutdownClient()
        await kubelet.stop()
    }

    @Test func percentThresholdsAndQuantitiesResolveWithoutTrapping() throws {
        var readings = KubeletReadings(endpoint: "x")
        readings.summary = try JSONDecoder().decode(
            KubeletStatsSummary.self,
            from: Data(
                #"{"node":{"fs":{"availableBytes":18446744073709551615,"capacityBytes":18446744073709551615,"inodesFree":0,"inodes":0}}}"#
                    .utf8
            )
        ).node
        readings.configuration = try JSONDecoder().decode(
            KubeletConfigz.self,
            from: Data(
                #"{"kubeletconfig":{"evictionHard":{"nodefs.available":"100%","nodefs.inodesFree":"5%","memory.available":"1e400","pid.available":"-5%","odd.signal":"10%"}}}"#
                    .utf8
            )
        ).kubeletconfig
        let status = Self.status(readings)
        let byName = Dictionary(status.evictionSignals.map { ($0.signal, $0) }, uniquingKeysWith: { $1 })
        #expect(byName["nodefs.available"]?.hardThreshold == .max)
        #expect(byName["nodefs.inodesFree"]?.hardThreshold == 0)
        #expect(byName["memory.available"]?.hardThreshold == nil)
        #expect(byName["pid.available"]?.hardThreshold == nil)
        #expect(byName["odd.signal"]?.available == nil && byName["odd.signal"]?.headroomPercent == nil)
        #expect(byName["nodefs.inodesFree"]?.headroomPercent == nil)  // no capacity: unknown, not a division by 0
    }
}
