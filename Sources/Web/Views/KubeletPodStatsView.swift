import Telemetry

/// The kubelet's per-pod view (`/stats/summary`, `/metrics/resource`, `/metrics/cadvisor`) on the node page: each
/// pod's ephemeral storage (against its containers' limits where all have one), each container's writable layer
/// and logs, and the kubelet's working set and CPU beside the agent's own cgroup readings, flagged where they
/// disagree; cAdvisor's network and disk I/O where the agent may have none.
enum KubeletPodStatsView {
    /// The agent's own readings of each container, by `podUID/container` and by `namespace/pod/container`
    /// (`/metrics/resource` names pods without their UID).
    struct AgentReadings {
        var memory: [String: UInt64] = [:]
        var cpuCores: [String: Double] = [:]
        var ephemeralLimits: [String: Int64] = [:]

        init(snapshot: Snapshot?, rates: SnapshotRates?) {
            guard let snapshot else { return }
            var names: [String: String] = [:]  // container ID → name
            var podNames: [String: String] = [:]  // pod UID → namespace/name
            for pod in snapshot.pods {
                podNames[pod.uid] = podNames[pod.uid] ?? "\(pod.namespace)/\(pod.name)"
                for container in pod.containers { names[container.id] = container.name }
                let limits = pod.containers.filter { !$0.isInit }.map(\.ephemeralStorageLimitBytes)
                // A pod-level limit exists only when every container has one (the kubelet evicts past the sum).
                if !limits.isEmpty, limits.allSatisfy({ $0 != nil }) {
                    self.ephemeralLimits["\(pod.namespace)/\(pod.name)"] = limits.reduce(Int64(0)) {
                        $0.addingReportingOverflow($1 ?? 0).partialValue
                    }
                }
            }
            func keys(_ podUID: String, _ id: String) -> [String] {
                guard let name = names[id] else { return [] }
                return ["\(podUID)/\(name)"] + (podNames[podUID].map { ["\($0)/\(name)"] } ?? [])
            }
            for container in snapshot.containers {
                guard let id = container.identity.containerID, let memory = container.cgroup?.memoryWorkingSetBytes
                else { continue }
                for key in keys(container.identity.podUID, id) { self.memory[key] = memory }
            }
            for container in rates?.containers ?? [] {
                guard let cores = container.cpuCores else { continue }
                for key in keys(container.key.podUID, container.key.containerID) { self.cpuCores[key] = cores }
            }
        }

        func lookup<Value>(_ table: [String: Value], _ pod: KubeletPodStats, _ container: String) -> Value? {
            table["\(pod.uid)/\(container)"] ?? table["\(pod.namespace)/\(pod.name)/\(container)"]
        }
    }

    /// Memory readings worth flagging: apart by more than 16 MiB and 10 %.
    static func disagrees(_ kubelet: UInt64, _ agent: UInt64) -> Bool {
        let difference = kubelet > agent ? kubelet - agent : agent - kubelet
        return difference > 16 << 20 && Double(difference) > 0.1 * Double(max(kubelet, agent))
    }

    /// CPU readings worth flagging: apart by more than a tenth of a core and 25 % (the two average over
    /// different windows).
    static func disagrees(cores kubelet: Double, _ agent: Double) -> Bool {
        let difference = abs(kubelet - agent)
        return difference > 0.1 && difference > 0.25 * max(kubelet, agent)
    }

    static func table(_ kubelet: KubeletStatus, snapshot: Snapshot?, rates: SnapshotRates?) -> HTML {
        guard !kubelet.podStats.isEmpty else { return "" }
        let agent = AgentReadings(snapshot: snapshot, rates: rates)
        let pods = kubelet.podStats.sorted { ($0.ephemeralUsedBytes ?? 0) > ($1.ephemeralUsedBytes ?? 0) }
        let rows = pods.flatMap { pod -> [HTML] in
            [Self.podRow(pod, limit: agent.ephemeralLimits["\(pod.namespace)/\(pod.name)"])]
                + pod.containers.map { Self.containerRow($0, of: pod, agent: agent) }
        }
        return """
            <h3>Pods as the kubelet sees them</h3>
            <table data-pod-stats><thead><tr><th>pod</th><th>container</th><th>ephemeral storage (layer + logs)</th>\
            <th>working set (kubelet)</th><th>working set (agent)</th><th>CPU (kubelet)</th><th>CPU (agent)</th>\
            <th>network / disk I/O (cAdvisor)</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    static func podRow(_ pod: KubeletPodStats, limit: Int64?) -> HTML {
        let share = limit.flatMap { limit in
            pod.ephemeralUsedBytes.map { limit > 0 ? Double($0) / Double(limit) * 100 : 100 }
        }
        let of: HTML = limit.map { " of \(Format.bytes(UInt64(max(0, $0)))) (\(Format.percent(share)))" } ?? ""
        let full = (share ?? 0) >= 90
        let network = KubeletView.io(
            "rx",
            pod.cadvisorNetworkReceiveBytesPerSecond,
            "tx",
            pod.cadvisorNetworkTransmitBytesPerSecond
        )
        return """
            <tr\(full ? " class=\"wrong\" data-ephemeral-full" as HTML : "")><td>\(pod.namespace)/\(pod.name)</td><td></td>\
            <td class="num">\(Format.bytes(pod.ephemeralUsedBytes))\(of)</td><td></td><td></td><td></td><td></td>\
            <td class="num">\(network)</td></tr>
            """
    }

    static func containerRow(_ container: KubeletContainerStats, of pod: KubeletPodStats, agent: AgentReadings) -> HTML
    {
        let memory = agent.lookup(agent.memory, pod, container.name)
        let cores = agent.lookup(agent.cpuCores, pod, container.name)
        let kubeletCores = container.cpuNanoCores.map { Double($0) / 1e9 }
        let memoryApart = container.workingSetBytes.flatMap { kubelet in memory.map { Self.disagrees(kubelet, $0) } }
        let cpuApart = kubeletCores.flatMap { kubelet in cores.map { Self.disagrees(cores: kubelet, $0) } }
        let wrong = memoryApart == true || cpuApart == true
        let writable: String =
            container.rootfsUsedBytes == nil && container.logsUsedBytes == nil
            ? Format.unknown : Format.bytes((container.rootfsUsedBytes ?? 0) &+ (container.logsUsedBytes ?? 0))
        let io = KubeletView.io(
            "read",
            container.cadvisorFsReadBytesPerSecond,
            "write",
            container.cadvisorFsWriteBytesPerSecond
        )
        return """
            <tr\(wrong ? " class=\"wrong\" data-disagree" as HTML : "")><td></td><td>\(container.name)</td>\
            <td class="num">\(writable)</td><td class="num">\(Format.bytes(container.workingSetBytes))</td>\
            <td class="num">\(Format.bytes(memory))</td><td class="num">\(Format.cores(kubeletCores))</td>\
            <td class="num">\(Format.cores(cores))</td><td class="num">\(io)</td></tr>
            """
    }
}
