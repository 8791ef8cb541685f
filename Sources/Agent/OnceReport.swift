import AgentCore
import KernelTracing
import KubeClient
import Logging
import Telemetry

/// `--once`: one snapshot (or two, with rates) printed as JSON or a summary line. With the Kubernetes API it
/// first waits (at most 10 s) for the first pod LIST, so that the output carries names.
enum OnceReport {
    static func print(
        _ configuration: AgentConfiguration,
        api: (ClusterDirectory, KubeWatchService?)?,
        kubelet: KubeletPoller?,
        tracer: KernelTracer?,
        withRates: Bool,
        json: Bool,
        logger: Logger
    ) async throws {
        let watch = api?.1.map { service in Task { try await service.run() } }
        defer { watch?.cancel() }
        if let (directory, service) = api, service != nil, !(await directory.waitForPods(timeout: .seconds(10))) {
            logger.warning(
                "The Kubernetes API did not answer within 10 s; pods are shown by UID",
                metadata: ["error": "\(directory.nodeInfo().apiError)"]
            )
        }
        let readings = await kubelet?.poll()
        await kubelet?.shutdownClient()
        var kernel = KernelSignalsJoin()
        func pass(_ collector: Collector) throws -> Snapshot {
            var snapshot = try collector.collect()
            if let (directory, _) = api {
                ClusterJoin.apply(
                    pods: directory.podMetadata(),
                    node: directory.nodeInfo(),
                    kubelet: readings,
                    to: &snapshot
                )
            } else if let readings {
                ClusterJoin.apply(pods: [], node: nil, kubelet: readings, to: &snapshot)
            }
            if let tracer {
                kernel.apply(tracer.drain(), signals: tracer.signals, to: &snapshot)
                tracer.openWindow()  // for the second pass; it closes the window when it drains
            }
            return snapshot
        }
        let collector = Collector(configuration: configuration)
        var report = SnapshotReport(snapshot: try pass(collector))
        if withRates {
            if let tracer, tracer.isSampling {
                try await Task.sleep(for: tracer.window(of: configuration.interval))
                tracer.closeWindow()
                try await Task.sleep(for: configuration.interval - tracer.window(of: configuration.interval))
            } else {
                try await Task.sleep(for: configuration.interval)
            }
            let second = try pass(collector)
            report = SnapshotReport(snapshot: second, rates: SnapshotRates(previous: report.snapshot, current: second))
        }
        if json {
            StandardOutput.write(try report.json())
        } else {
            let snapshot = report.snapshot
            Swift.print(
                "\(snapshot.node): \(snapshot.containers.count) containers, \(snapshot.allProcesses.count) processes, "
                    + "\(snapshot.host.network.count) interfaces, \(snapshot.host.disks.count) block devices, "
                    + "\(snapshot.errors.count) read errors"
            )
        }
    }
}
