import Foundation
import Kube
public import Logging
public import ServiceLifecycle
import Synchronization
import Telemetry

#if canImport(Glibc)
import Glibc
#endif

/// Reads this node's kubelet beside the sampler, never in its way: each round asks `/healthz` (timed),
/// `/healthz/syncloop`, `/configz`, `/stats/summary`, `/pods`, `/metrics/probes`, `/metrics`, `/metrics/resource`,
/// `/metrics/cadvisor` and `/spec`, each with its own deadline; an endpoint that fails (403,
/// 404, a timeout, a shape it cannot read) leaves only its own part unknown and says why. The sampler takes
/// ``latest`` when it builds a snapshot.
public final class KubeletPoller: Service, Sendable {
    private let client: KubeAPIClient
    private let endpoint: String
    private let procRoot: String
    private let interval: Duration
    private let deadline: Duration
    private let logger: Logger
    private let readings = Mutex<KubeletReadings?>(nil)
    private let probeHistory = Mutex(ProbeHistory())
    private let resourceHistory = Mutex(ResourceHistory())
    private let cadvisorHistory = Mutex(CadvisorHistory())
    /// `/metrics/probes` lists every probe of every container: far beyond `/healthz`'s 64 KiB on a busy node.
    static let maximumMetricsBytes = 16 << 20

    public init(
        client: KubeAPIClient,
        procRoot: String,
        interval: Duration = .seconds(10),
        deadline: Duration = .seconds(5),
        logger: Logger
    ) {
        self.client = client
        self.endpoint = client.access.server
        self.procRoot = procRoot
        self.interval = interval
        self.deadline = deadline
        self.logger = logger
    }

    /// The newest round; nil before the first has finished.
    public var latest: KubeletReadings? { self.readings.withLock { $0 } }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await self.poll()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
        await self.shutdownClient()
    }

    /// Shuts the HTTP client down (``run()`` does when it ends; `--once` and tests call this).
    public func shutdownClient() async {
        await self.client.shutdown()
    }

    /// One round; its result becomes ``latest``.
    @discardableResult
    public func poll() async -> KubeletReadings {
        var readings = KubeletReadings(endpoint: self.endpoint)
        let clock = ContinuousClock()
        let started = clock.now
        readings.healthy = await self.health("/healthz", &readings.errors)
        if readings.healthy != nil {
            let elapsed = clock.now - started
            readings.healthLatencyMicros = elapsed.saturatingMicroseconds
        }
        readings.syncLoopHealthy = await self.health("/healthz/syncloop", &readings.errors)
        readings.configuration = await self.object(KubeletConfigz.self, "/configz", &readings.errors)?.kubeletconfig
        let summary = await self.object(KubeletStatsSummary.self, "/stats/summary", &readings.errors)
        readings.summary = summary?.node
        readings.podSummaries = summary?.pods ?? []
        readings.pods = await self.object(KubeList<KubePod>.self, "/pods", &readings.errors)?.items.map { pod in
            KubeletReadings.Pod(
                namespace: pod.metadata.namespace ?? "",
                name: pod.metadata.name ?? "",
                phase: pod.status?.phase ?? ""
            )
        }
        readings.probes = await self.probes(&readings.errors)
        readings.selfMetrics = await self.selfMetrics(&readings.errors)
        readings.resourceUsage = await self.resourceUsage(&readings.errors)
        (readings.cadvisorNetwork, readings.cadvisorFilesystem) = await self.cadvisor(&readings.errors)
        readings.machine = await self.machine(&readings.errors)
        readings.pidMax = Self.pidMax(procRoot: self.procRoot)
        let previous = self.readings.withLock { current in
            defer { current = readings }
            return current
        }
        if readings.errors != previous?.errors, !readings.errors.isEmpty {
            self.logger.warning(
                "Kubelet endpoints failed; their parts stay unknown",
                metadata: [
                    "kubelet": "\(self.endpoint)", "errors": "\(readings.errors.map { "\($0.path): \($0.reason)" })",
                ]
            )
        }
        return readings
    }

    /// true for `ok`, false when the kubelet answers that it is unhealthy (500), nil when it cannot be asked.
    private func health(_ path: String, _ errors: inout [KubeletEndpointError]) async -> Bool? {
        do {
            let body = try await self.client.text(path: path, deadline: self.deadline)
            return body.trimmingCharacters(in: .whitespacesAndNewlines) == "ok"
        } catch  where error.status == 500 {
            return false
        } catch {
            errors.append(KubeletEndpointError(path: path, reason: error.description))
            return nil
        }
    }

    /// The samples of `names` in one of the kubelet's Prometheus endpoints, and how many lines could not be read;
    /// nil (with the reason in `errors`) when the endpoint could not be read.
    private func metrics(
        _ path: String,
        names: Set<String>,
        _ errors: inout [KubeletEndpointError]
    ) async -> (samples: [PrometheusText.Sample], unreadable: Int)? {
        do {
            let text = try await self.client.text(
                path: path,
                deadline: self.deadline,
                maximumBytes: Self.maximumMetricsBytes
            )
            return PrometheusText.samples(text, names: names)
        } catch {
            errors.append(KubeletEndpointError(path: path, reason: error.description))
            return nil
        }
    }

    private func selfMetrics(_ errors: inout [KubeletEndpointError]) async -> KubeletSelfMetrics? {
        await self.metrics("/metrics", names: KubeletSelfMetrics.names, &errors).map {
            KubeletSelfMetrics($0.samples)
        }
    }

    private func resourceUsage(_ errors: inout [KubeletEndpointError]) async -> [String: ResourceHistory.Usage] {
        guard let read = await self.metrics("/metrics/resource", names: ResourceHistory.names, &errors) else {
            return [:]
        }
        let now = WallClock.milliseconds()
        return self.resourceHistory.withLock { $0.update(read.samples, nowMilliseconds: now) }
    }

    private func cadvisor(
        _ errors: inout [KubeletEndpointError]
    ) async -> ([String: CadvisorHistory.PodNetwork], [String: CadvisorHistory.ContainerFilesystem]) {
        guard let read = await self.metrics("/metrics/cadvisor", names: CadvisorHistory.names, &errors) else {
            return ([:], [:])
        }
        let now = WallClock.milliseconds()
        return self.cadvisorHistory.withLock { $0.update(read.samples, nowMilliseconds: now) }
    }

    /// `/spec`, which current kubelets no longer serve: a 404 is expected and not an error (the Node object's
    /// capacity stands in, and the page says so).
    private func machine(_ errors: inout [KubeletEndpointError]) async -> KubeletMachineSpec? {
        do {
            return try await self.client.object(KubeletMachineSpec.self, path: "/spec", deadline: self.deadline)
        } catch  where error.status == 404 {
            return nil
        } catch {
            errors.append(KubeletEndpointError(path: "/spec", reason: error.description))
            return nil
        }
    }

    private func probes(_ errors: inout [KubeletEndpointError]) async -> [ProbeResult] {
        guard let read = await self.metrics("/metrics/probes", names: ["prober_probe_total"], &errors) else {
            return []
        }
        if read.unreadable > 0 {
            errors.append(
                KubeletEndpointError(path: "/metrics/probes", reason: "\(read.unreadable) lines could not be read")
            )
        }
        let now = WallClock.milliseconds()
        return self.probeHistory.withLock { $0.update(read.samples, nowMilliseconds: now) }
    }

    private func object<Object: Decodable & Sendable>(
        _ type: Object.Type,
        _ path: String,
        _ errors: inout [KubeletEndpointError]
    ) async -> Object? {
        do {
            return try await self.client.object(type, path: path, deadline: self.deadline)
        } catch {
            errors.append(KubeletEndpointError(path: path, reason: error.description))
            return nil
        }
    }

    public static func pidMax(procRoot: String) -> UInt64? {
        guard let file = fopen(procRoot + "/sys/kernel/pid_max", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 32)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
