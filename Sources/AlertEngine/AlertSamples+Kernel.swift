import Alerting
import NodeStore
package import Telemetry

/// The eBPF alert metrics: unknown while their signal is off (no eBPF on that node), except `pod.oom_kill`, which
/// then falls back to the cgroup counter's difference.
extension AlertSamples {
    static let kernelMetrics: Set<String> = [
        AlertMetric.podRunqueueP99.name, AlertMetric.podRetransmitsPerSecond.name, AlertMetric.podOOMKill.name,
        AlertMetric.podExecsPerSecond.name,
    ]

    /// The node's kernel signals by pod, when a rule uses one of the eBPF metrics.
    static func kernelPods(_ node: NodeState, _ metrics: Set<String>) -> [String: KernelSignals.Pod]? {
        guard !metrics.isDisjoint(with: Self.kernelMetrics) else { return nil }
        return node.snapshot.kernelSignals?.byPod()
    }

    /// `metric` for a pod (`containerID` nil) or one of its containers.
    package static func kernelValue(
        _ metric: String,
        _ kernel: KernelSignals?,
        _ pod: KernelSignals.Pod?,
        containerID: String?,
        fallback: @autoclosure () -> Double?
    ) -> Double? {
        let container = containerID.flatMap { id in pod?.containers.first { $0.containerID == id } }
        func on(_ signal: String) -> Bool { kernel?.signal(signal)?.on == true }
        switch metric {
        case AlertMetric.podRunqueueP99.name:
            guard on("runqueue") else { return nil }
            let histogram = containerID == nil ? pod?.runqueue : container?.runqueue
            return histogram?.quantileMilliseconds(0.99)
        case AlertMetric.podRetransmitsPerSecond.name:
            guard on("tcp_retransmits") else { return nil }
            return kernel?.perSecond(pod?.retransmits ?? 0)
        case AlertMetric.podOOMKill.name:
            guard on("oom_kills") else { return fallback() }
            return Double(containerID == nil ? pod?.oomKills ?? 0 : container?.oomKills ?? 0)
        case AlertMetric.podExecsPerSecond.name:
            guard on("execs") else { return nil }
            return kernel?.perSecond(containerID == nil ? pod?.execs ?? 0 : container?.execs ?? 0)
        default:
            return nil
        }
    }
}
