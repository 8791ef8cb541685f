import NodeStore
import Telemetry

/// One snapshot of one node as CSV rows, per level, in `RecordingFiles`' column order. An unknown value is an
/// empty cell, never 0.
struct RecordingRows {
    var nodes: [[String]] = []
    var containers: [[String]] = []
    var processes: [[String]] = []

    init(_ state: NodeState, scope: RecordingScope) {
        let snapshot = state.snapshot
        let time = String(snapshot.wallTimeMilliseconds)
        let rates = state.rates
        if scope.recordsNodes {
            let host = snapshot.host
            let cpu = host.cpu.total
            let network = host.network.filter { !$0.isLoopback }
            self.nodes.append([
                time, Self.text(state.name), "\(cpu.user)", "\(cpu.system)", "\(cpu.idle)", Self.cell(cpu.iowait),
                Self.cell(rates?.node.cpu?.busy), Self.cell(host.memory.memTotal),
                Self.cell(host.memory.memAvailable), Self.cell(rates?.node.memoryUsedPercent),
                Self.cell(host.load?.load1), "\(network.lazy.map(\.rxBytes).saturatingSum())",
                "\(network.lazy.map(\.txBytes).saturatingSum())", Self.cell(NodeSums.network(rates?.node)),
                "\(host.disks.lazy.map { $0.sectorsRead.multipliedSaturating(by: 512) }.saturatingSum())",
                "\(host.disks.lazy.map { $0.sectorsWritten.multipliedSaturating(by: 512) }.saturatingSum())",
                Self.cell(NodeSums.disk(rates?.node)), "\(state.counts.processes)",
            ])
        }
        let processRates = Dictionary(
            (rates?.processes ?? []).map { ($0.pid, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let pageSize = snapshot.pageSize
        for pod in PodSummary.pods(of: state) where scope.takes(namespace: pod.namespace, pod: pod.name) {
            for container in pod.containers {
                let cgroup = container.snapshot.cgroup
                let rate = container.rates
                self.containers.append([
                    time, Self.text(state.name), Self.text(pod.namespace), Self.text(pod.name), Self.text(pod.uid),
                    Self.text(container.name), Self.cell(cgroup?.cpuUsageNanoseconds), Self.cell(rate?.cpuCores),
                    Self.cell(cgroup?.cpuThrottledPeriods), Self.cell(rate?.throttledSecondsPerSecond),
                    Self.cell(cgroup?.memoryWorkingSetBytes), Self.cell(cgroup?.memoryRSSBytes),
                    Self.cell(cgroup?.memoryCacheBytes), Self.cell(cgroup?.memoryLimitBytes),
                    Self.cell(cgroup?.ioReadBytes), Self.cell(cgroup?.ioWriteBytes),
                    Self.cell(rate?.ioReadBytesPerSecond), Self.cell(rate?.ioWriteBytesPerSecond),
                    Self.cell(cgroup?.pidsCurrent), Self.cell(cgroup?.oomKills),
                ])
                guard scope.processes else { continue }
                for process in container.snapshot.processes {
                    let stat = process.stat
                    let status = process.status
                    let io = process.io
                    let rate = processRates[process.pid]
                    let rss = status?.vmRSS ?? process.statm.map { $0.resident.multipliedSaturating(by: pageSize) }
                    self.processes.append([
                        time, Self.text(state.name), Self.text(pod.namespace), Self.text(pod.name),
                        Self.text(container.name), "\(stat.pid)", Self.text(stat.comm), Self.text(stat.state),
                        "\(stat.utime)", "\(stat.stime)", Self.cell(rate?.cpuPercent), Self.cell(rss),
                        "\(stat.numThreads)", Self.cell(io?.readBytes), Self.cell(io?.writeBytes),
                        Self.cell(rate?.readBytesPerSecond), Self.cell(rate?.writeBytesPerSecond),
                        Self.cell(status?.voluntaryContextSwitches), Self.cell(status?.nonvoluntaryContextSwitches),
                    ])
                }
            }
        }
    }

    static func cell(_ value: UInt64?) -> String { value.map { "\($0)" } ?? "" }

    static func cell(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }

    /// A name from an agent: a leading `=`, `+`, `-`, `@` or control character would make a spreadsheet read the
    /// cell as a formula (CSV injection), so such a cell is prefixed with `'`.
    static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        if "=+-@".unicodeScalars.contains(first) || first.value < 0x20 { return "'" + value }
        return value
    }
}
