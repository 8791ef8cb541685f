package import Alerting
package import NodeStore
import Telemetry

/// The value of every alert metric for every node, pod and container in the cache — only for the metrics
/// that rules use. Rates are per second over the last two snapshots (never cumulative totals); a stale node
/// yields unknown values except `node.nodata`.
package enum AlertSamples {
    /// - Parameter containers: whether container subjects are wanted (only rules targeting containers use
    ///   them; a storm-sized cluster has twice as many containers as pods).
    package static func collect(
        _ nodes: [NodeState],
        metrics: Set<String>,
        nowMilliseconds: Int64,
        containers: Bool = true,
        labels: Bool = false
    ) -> [AlertSample] {
        guard !metrics.isEmpty else { return [] }
        let podMetrics = metrics.filter { AlertMetric.all[$0]?.scope == .pod }
        var samples: [AlertSample] = []
        for node in nodes {
            let subject = AlertSubject.node(node.name)
            for metric in metrics where AlertMetric.all[metric]?.scope == .node {
                samples.append(
                    AlertSample(metric: metric, subject: subject, value: Self.value(metric, node, nowMilliseconds))
                )
            }
            guard !podMetrics.isEmpty, !node.isStale else { continue }
            let probes = podMetrics.contains(AlertMetric.podProbeFailures.name) ? Self.probes(node) : nil
            let kernel = node.snapshot.kernelSignals
            let kernelPods = Self.kernelPods(node, podMetrics)
            for pod in PodSummary.pods(of: node) {
                let workload = pod.info.map { $0.ownerKind.isEmpty ? "" : "\($0.ownerKind)/\($0.ownerName)" } ?? ""
                let podSubject = AlertSubject.pod(
                    node: node.name,
                    namespace: pod.namespace,
                    pod: pod.name,
                    workload: workload
                )
                let kernelPod = kernelPods?[pod.uid]
                let podLabels =
                    labels
                    ? Dictionary(
                        (pod.info?.labels ?? []).map { ($0.key, $0.value) },
                        uniquingKeysWith: { first, _ in first }
                    )
                    : [:]
                for metric in podMetrics {
                    let value: Double?
                    if metric == AlertMetric.podProbeFailures.name {
                        value = Self.probeFailures(probes, pod, container: nil)
                    } else if Self.kernelMetrics.contains(metric) {
                        value = Self.kernelValue(
                            metric,
                            kernel,
                            kernelPod,
                            containerID: nil,
                            fallback: Self.value(AlertMetric.podOOMKills.name, pod)
                        )
                    } else {
                        value = Self.value(metric, pod)
                    }
                    samples.append(AlertSample(metric: metric, subject: podSubject, value: value, labels: podLabels))
                }
                for container in pod.workloadContainers
                where containers && container.snapshot.identity.containerID != nil {
                    let containerSubject = AlertSubject.container(
                        node: node.name,
                        namespace: pod.namespace,
                        pod: pod.name,
                        container: container.name
                    )
                    for metric in podMetrics {
                        let value: Double?
                        if metric == AlertMetric.podProbeFailures.name {
                            value = Self.probeFailures(probes, pod, container: container.name)
                        } else if Self.kernelMetrics.contains(metric) {
                            value = Self.kernelValue(
                                metric,
                                kernel,
                                kernelPod,
                                containerID: container.snapshot.identity.containerID,
                                fallback: Self.value(AlertMetric.podOOMKills.name, container, pod)
                            )
                        } else {
                            value = Self.value(metric, container, pod)
                        }
                        samples.append(AlertSample(metric: metric, subject: containerSubject, value: value))
                    }
                }
            }
        }
        return samples
    }

    package static func value(_ metric: String, _ node: NodeState, _ now: Int64) -> Double? {
        if metric == AlertMetric.nodeNoData.name {
            return node.isStale ? Double(max(0, now - node.lastSeenWallMilliseconds)) / 1000 : 0
        }
        guard !node.isStale else { return nil }
        let rates = node.rates?.node
        switch metric {
        case AlertMetric.nodeCPUPercent.name: return rates?.cpu?.busy
        case AlertMetric.nodeMemoryPercent.name: return rates?.memoryUsedPercent
        case AlertMetric.nodeNetworkMBps.name: return NodeSums.network(rates).map { $0 / 1e6 }
        case AlertMetric.nodeDiskMBps.name: return NodeSums.disk(rates).map { $0 / 1e6 }
        case AlertMetric.nodeLoad1.name: return node.snapshot.host.load?.load1
        case AlertMetric.nodeKubeletHealthy.name:
            let kubelet = node.snapshot.nodeInfo?.kubelet
            guard let checks = kubelet.map({ [$0.healthy, $0.syncLoopHealthy].compactMap { $0 } }), !checks.isEmpty
            else { return nil }
            return checks.allSatisfy { $0 } ? 1 : 0
        case AlertMetric.nodeFilesystemPercent.name:
            return node.snapshot.nodeInfo?.kubelet?.nodeFsUsedPercent
        case AlertMetric.nodeEvictionHeadroom.name:
            return node.snapshot.nodeInfo?.kubelet?.tightestSignal?.headroomPercent
        default:
            if let signal = AlertMetric.evictionSignalMetrics[metric] {
                return node.snapshot.nodeInfo?.kubelet?.evictionSignals.first { $0.signal == signal }?.headroomPercent
            }
            guard let type = AlertMetric.conditionTypes[metric],
                let condition = node.snapshot.nodeInfo?.conditions.first(where: { $0.type == type })
            else { return nil }
            let wrong = type == "Ready" ? condition.status != "True" : condition.status == "True"
            return wrong ? 1 : 0
        }
    }

    /// The node's probe results by `namespace/pod`; nil when the kubelet's probes are unknown (no kubelet access,
    /// or `/metrics/probes` could not be read).
    static func probes(_ node: NodeState) -> [String: [ProbeResult]]? {
        guard let kubelet = node.snapshot.nodeInfo?.kubelet,
            !kubelet.errors.contains(where: { $0.path == "/metrics/probes" })
        else { return nil }
        return Dictionary(grouping: kubelet.probes) { "\($0.namespace)/\($0.pod)" }
    }

    /// Probe failures in about the last minute, of the pod or of one of its containers (0 without probes).
    static func probeFailures(_ probes: [String: [ProbeResult]]?, _ pod: PodSummary, container: String?) -> Double? {
        guard let probes else { return nil }
        let own = (probes["\(pod.namespace)/\(pod.name)"] ?? []).filter {
            container == nil || $0.container == container
        }
        return Double(own.reduce(UInt64(0)) { $0.addingReportingOverflow($1.recentFailures).partialValue })
    }

    package static func value(_ metric: String, _ pod: PodSummary) -> Double? {
        switch metric {
        case AlertMetric.podCPUCores.name:
            return pod.cpuCores
        case AlertMetric.podCPULimitPercent.name:
            guard let used = pod.cpuCores, let limit = pod.cpuLimitCores, limit > 0 else { return nil }
            return used / limit * 100
        case AlertMetric.podMemoryLimitPercent.name:
            guard let used = pod.memoryWorkingSet, let limit = pod.memoryLimit, limit > 0 else { return nil }
            return used / limit * 100
        case AlertMetric.podCPUThrottledPercent.name:
            return pod.containers.compactMap(\.rates?.throttledPeriodsPercent).max()
        case AlertMetric.podOOMKills.name:
            let kills = pod.containers.compactMap(\.rates?.oomKills)
            return kills.isEmpty ? nil : Double(kills.reduce(0, +))
        case AlertMetric.podNetworkMBps.name:
            return Self.network(pod)
        case AlertMetric.podDiskMBps.name:
            return pod.diskBytesPerSecond.map { $0 / 1e6 }
        case AlertMetric.podNotReady.name:
            return pod.notReady
        case AlertMetric.podRestarts.name:
            // The cumulative count; ``RestartCounter`` turns it into restarts since the previous evaluation.
            return pod.restarts.map { Double($0) }
        default:
            return nil
        }
    }

    package static func value(_ metric: String, _ container: PodSummary.ContainerSummary, _ pod: PodSummary) -> Double?
    {
        let rates = container.rates
        switch metric {
        case AlertMetric.podCPUCores.name: return rates?.cpuCores
        case AlertMetric.podCPULimitPercent.name: return rates?.cpuLimitPercent
        case AlertMetric.podMemoryLimitPercent.name: return rates?.memoryLimitPercent
        case AlertMetric.podCPUThrottledPercent.name: return rates?.throttledPeriodsPercent
        case AlertMetric.podOOMKills.name: return rates?.oomKills.map { Double($0) }
        case AlertMetric.podNetworkMBps.name: return Self.network(pod)
        case AlertMetric.podRestarts.name:
            let id = container.snapshot.identity.containerID ?? ""
            return pod.info?.containers.first { $0.id == id }.map { Double($0.restartCount) }
        case AlertMetric.podNotReady.name:
            let id = container.snapshot.identity.containerID ?? ""
            return pod.info?.containers.first { $0.id == id }.map { $0.ready || $0.state == "terminated" ? 0 : 1 }
        case AlertMetric.podDiskMBps.name:
            guard let read = rates?.ioReadBytesPerSecond, let write = rates?.ioWriteBytesPerSecond else { return nil }
            return (read + write) / 1e6
        default: return nil
        }
    }

    /// The pod's own network namespace; unknown for host-network pods (their traffic is the node's).
    package static func network(_ pod: PodSummary) -> Double? {
        guard !pod.hostNetwork, let rx = pod.network?.rxBytesPerSecond, let tx = pod.network?.txBytesPerSecond else {
            return nil
        }
        return (rx + tx) / 1e6
    }
}
