import KernelStats
import Kube
public import KubeClient
import Synchronization
public import Telemetry

#if canImport(Glibc)
import Glibc
#endif

/// The kubelet a dev agent simulates beside its pods, so that `make agents` shows every kubelet section: health,
/// eviction thresholds against this machine's real memory and root filesystem, the pods it runs (the dev pods),
/// and a liveness probe per container. Two scenarios by node name: a node whose name contains `worker` sits just
/// above its memory eviction threshold, and on a node whose name contains `agent` the `api-*` pod's liveness
/// probe fails every 20 s (a crash-looping pod). Its readings go through the same `ProbeHistory` and
/// `KubeletReadings` as a real kubelet's.
public final class DevKubelet: Sendable {
    private let nodeName: String
    private let pods: [PodMetadata]
    private let started = ContinuousClock.now
    private let history = Mutex(ProbeHistory())
    /// The memory threshold, fixed at start from this machine's availability then.
    private let memoryThreshold: String

    public init(nodeName: String, pods: [PodMetadata], procRoot: String) {
        self.nodeName = nodeName
        self.pods = pods
        let memory = DevKubelet.meminfo(procRoot: procRoot)
        if nodeName.contains("worker"), let total = memory.total, let available = memory.available, total > 0 {
            // 3 points below what is available now: near eviction, not past it.
            let percent = max(1, Int(Double(available) / Double(total) * 100) - 3)
            self.memoryThreshold = "\(percent)%"
        } else {
            self.memoryThreshold = "100Mi"
        }
    }

    /// This round's readings (called once per pass).
    public func readings(procRoot: String) -> KubeletReadings {
        self.readings(
            procRoot: procRoot,
            elapsedSeconds: (ContinuousClock.now - self.started).components.seconds,
            nowMilliseconds: WallClock.milliseconds()
        )
    }

    /// The readings `elapsedSeconds` after the simulation started (tests step the clock).
    func readings(procRoot: String, elapsedSeconds elapsed: Int64, nowMilliseconds now: Int64) -> KubeletReadings {
        var readings = KubeletReadings(endpoint: "dev simulation (no kubelet)")
        readings.healthy = true
        readings.healthLatencyMicros = Int64.random(in: 800...2_400)
        readings.syncLoopHealthy = true
        readings.configuration = KubeletConfigz.Configuration(
            evictionHard: [
                "memory.available": self.memoryThreshold, "nodefs.available": "10%", "nodefs.inodesFree": "5%",
                "imagefs.available": "15%",
            ],
            kubeReserved: ["cpu": "100m", "memory": "256Mi"]
        )
        readings.summary = Self.rootFilesystem()
        // Each container's writable layer holds a few MiB; an nginx pod's logs grow 1 MiB every 10 s (a pod filling
        // its ephemeral storage).
        readings.podSummaries = self.pods.map { pod in
            let growing = pod.name.hasPrefix("nginx-")
            let containers = pod.containers.map { container in
                KubeletStatsSummary.ContainerStats(
                    name: container.name,
                    rootfs: .init(usedBytes: 4 << 20),
                    logs: .init(usedBytes: growing ? UInt64(max(0, elapsed) / 10 + 1) << 20 : 64 << 10)
                )
            }
            let used = containers.reduce(UInt64(0)) { $0 + ($1.rootfs?.usedBytes ?? 0) + ($1.logs?.usedBytes ?? 0) }
            return KubeletStatsSummary.PodStats(
                podRef: .init(name: pod.name, namespace: pod.namespace, uid: pod.uid),
                containers: containers,
                ephemeralStorage: .init(usedBytes: used)
            )
        }
        readings.pods = self.pods.map { KubeletReadings.Pod(namespace: $0.namespace, name: $0.name, phase: $0.phase) }
        readings.pidMax = KubeletPoller.pidMax(procRoot: procRoot)
        var samples: [PrometheusText.Sample] = []
        for pod in self.pods {
            let failing = self.nodeName.contains("agent") && pod.name.hasPrefix("api-")
            for container in pod.containers {
                let labels = [
                    "namespace": pod.namespace, "pod": pod.name, "container": container.name, "probe_type": "Liveness",
                ]
                let failed = failing ? elapsed / 20 : 0
                samples.append(
                    .init(
                        name: "prober_probe_total",
                        labels: labels.merging(["result": "failed"]) { $1 },
                        value: Double(failed)
                    )
                )
                samples.append(
                    .init(
                        name: "prober_probe_total",
                        labels: labels.merging(["result": "successful"]) { $1 },
                        value: Double(elapsed / 10 + 1 - failed)
                    )
                )
            }
        }
        readings.probes = self.history.withLock { $0.update(samples, nowMilliseconds: now) }
        return readings
    }

    /// This machine's root filesystem as the kubelet would report its node filesystem and image filesystem.
    static func rootFilesystem() -> KubeletStatsSummary.Node? {
        var stats = statvfs()
        guard statvfs("/", &stats) == 0 else { return nil }
        let block = UInt64(stats.f_frsize)
        let (capacity, available) =
            UInt64(stats.f_blocks).multipliedReportingOverflow(by: block).overflow
            ? (nil, nil) : (UInt64(stats.f_blocks) * block, UInt64(stats.f_bavail) &* block)
        let fs = KubeletStatsSummary.FsStats(
            availableBytes: available,
            capacityBytes: capacity,
            inodesFree: UInt64(stats.f_ffree),
            inodes: UInt64(stats.f_files)
        )
        return KubeletStatsSummary.Node(fs: fs, runtime: .init(imageFs: fs))
    }

    /// MemTotal and MemAvailable of this machine, through the agent's own reader and parser.
    static func meminfo(procRoot: String) -> (total: UInt64?, available: UInt64?) {
        var buffer = ReadBuffer()
        guard let bytes = try? KernelFile.readOnce(procRoot + "/meminfo", into: &buffer),
            let memory = try? Meminfo(parsing: bytes)
        else { return (nil, nil) }
        return (memory.memTotal, memory.memAvailable)
    }
}
