package import Alerting
package import NodeStore
import Telemetry

/// Builds the ``AlertContext`` of alerts that fire in one evaluation, from the same nodes the samples came from.
/// One capture serves one pass: a node's pods and process rates are indexed once, however many of its alerts
/// fire (a storm fires thousands in a pass).
package final class AlertContextCapture {
    private let nodes: [String: NodeState]
    private let now: Int64
    private var pods: [String: [PodSummary]] = [:]
    private var rates: [String: [Int32: ProcessRates]] = [:]

    package init(_ nodes: [NodeState], now: Int64) {
        self.nodes = Dictionary(nodes.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        self.now = now
    }

    package func context(_ rule: AlertRule, _ subject: AlertSubject) -> AlertContext? {
        guard let node = self.nodes[subject.node] else { return nil }
        let ranking = AlertContext.Ranking(metric: rule.metric)
        let pods = self.pods(of: node)
        switch subject.kind {
        case .node:
            let ranked = pods.map {
                AlertContext.Pod(
                    namespace: $0.namespace,
                    pod: $0.name,
                    cpuCores: $0.cpuCores,
                    memoryBytes: $0.memoryWorkingSet,
                    ioBytesPerSecond: $0.diskBytesPerSecond
                )
            }.sorted { Self.weight($0, ranking) > Self.weight($1, ranking) }
            return AlertContext(
                capturedMilliseconds: self.now,
                rankedBy: ranking,
                pods: ranked,
                podCount: pods.count
            )
        case .pod, .container:
            guard let pod = pods.first(where: { $0.namespace == subject.namespace && $0.name == subject.pod })
            else { return nil }
            let rates = self.rates(of: node)
            let containers = pod.workloadContainers.filter {
                subject.kind == .pod || $0.name == subject.container
            }
            var processes: [AlertContext.Process] = []
            for container in containers {
                for process in container.snapshot.processes {
                    processes.append(Self.process(process, container.name, rates[process.pid], node.snapshot.pageSize))
                }
            }
            let count = processes.count
            processes.sort { Self.weight($0, ranking) > Self.weight($1, ranking) }
            return AlertContext(
                capturedMilliseconds: self.now,
                rankedBy: ranking,
                processes: processes,
                processCount: count
            )
        }
    }

    private static func process(
        _ process: ProcessSnapshot,
        _ container: String,
        _ rates: ProcessRates?,
        _ pageSize: UInt64
    ) -> AlertContext.Process {
        let stat = process.stat  // once: packed processes unpack on each read
        let io = [rates?.readBytesPerSecond, rates?.writeBytesPerSecond].compactMap { $0 }
        return AlertContext.Process(
            pid: process.pid,
            container: container,
            command: process.cmdline.isEmpty ? "[\(stat.comm)]" : process.cmdline.joined(separator: " "),
            state: stat.state,
            threads: stat.numThreads,
            cpuPercent: rates?.cpuPercent,
            memoryBytes: Double(max(stat.rss, 0)) * Double(pageSize),
            ioBytesPerSecond: io.isEmpty ? nil : io.reduce(0, +)
        )
    }

    /// The value a list is ranked by; unknown sorts last.
    static func weight(_ process: AlertContext.Process, _ ranking: AlertContext.Ranking) -> Double {
        switch ranking {
        case .cpu: process.cpuPercent ?? -1
        case .memory: process.memoryBytes ?? -1
        case .io: process.ioBytesPerSecond ?? -1
        }
    }

    static func weight(_ pod: AlertContext.Pod, _ ranking: AlertContext.Ranking) -> Double {
        switch ranking {
        case .cpu: pod.cpuCores ?? -1
        case .memory: pod.memoryBytes ?? -1
        case .io: pod.ioBytesPerSecond ?? -1
        }
    }

    private func pods(of node: NodeState) -> [PodSummary] {
        if let known = self.pods[node.name] { return known }
        let pods = PodSummary.pods(of: node)
        self.pods[node.name] = pods
        return pods
    }

    private func rates(of node: NodeState) -> [Int32: ProcessRates] {
        if let known = self.rates[node.name] { return known }
        let rates = Dictionary((node.rates?.processes ?? []).map { ($0.pid, $0) }, uniquingKeysWith: { $1 })
        self.rates[node.name] = rates
        return rates
    }
}
