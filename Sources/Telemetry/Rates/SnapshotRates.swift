import KernelStats

/// Every derived value between two snapshots of the same node: what `--once --interval` prints and
/// what the server shows. Computed here, once, for both binaries.
public struct SnapshotRates: Sendable, Codable, Hashable {
    /// Seconds between the two passes (monotonic clock).
    public var elapsedSeconds: Double
    public var node: NodeRates
    public var containers: [ContainerRates]
    public var processes: [ProcessRates]
    public var networkNamespaces: [NamespaceRates]

    public init(previous: Snapshot, current: Snapshot) {
        let elapsed =
            current.monotonicNanoseconds > previous.monotonicNanoseconds
            ? Double(current.monotonicNanoseconds - previous.monotonicNanoseconds) / 1e9 : 0
        self.elapsedSeconds = elapsed
        self.node = NodeRates(previous: previous.host, current: current.host, seconds: elapsed)
        let containersBefore = Dictionary(
            previous.containers.map { ($0.key, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        self.containers = current.containers.map { now in
            ContainerRates(
                key: now.key,
                previous: containersBefore[now.key]?.cgroup,
                current: now.cgroup,
                seconds: elapsed
            )
        }
        let processesBefore = Dictionary(
            previous.allProcesses.map { ($0.key, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        self.processes = current.allProcesses.compactMap { now in
            processesBefore[now.key].map {
                ProcessRates(
                    previous: $0,
                    current: now,
                    seconds: elapsed,
                    clockTicksPerSecond: current.clockTicksPerSecond
                )
            }
        }
        let namespacesBefore = Dictionary(
            previous.networkNamespaces.map { ($0.inode, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        self.networkNamespaces = current.networkNamespaces.compactMap { now in
            namespacesBefore[now.inode].map { NamespaceRates(previous: $0, current: now, seconds: elapsed) }
        }
    }
}
