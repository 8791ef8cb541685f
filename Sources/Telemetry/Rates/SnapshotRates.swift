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
        let containersBefore = ContainerMatch(previous.containers, matching: current.containers)
        self.containers = current.containers.indices.map { index in
            ContainerRates(
                key: current.containers[index].key,
                // Without PSI, which rates do not use: unpacking it too for every container was a tenth of ingest.
                previous: containersBefore.index(current.containers[index].key, at: index).flatMap {
                    previous.containers[$0].packedCgroup?.withoutPressure
                },
                current: current.containers[index].packedCgroup?.withoutPressure,
                seconds: elapsed
            )
        }
        self.processes = Self.processRates(previous, current, containersBefore, seconds: elapsed)
        let namespacesBefore = Dictionary(
            previous.networkNamespaces.map { ($0.inode, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        self.networkNamespaces = current.networkNamespaces.compactMap { now in
            namespacesBefore[now.inode].map { NamespaceRates(previous: $0, current: now, seconds: elapsed) }
        }
    }

    /// Each container's processes matched with the same container's before (both lists are in PID order
    /// after decoding, so a merge, not a dictionary of every process); a process that moved between
    /// containers, or lists out of order, fall back to a lookup over the whole previous snapshot.
    private static func processRates(
        _ previous: Snapshot,
        _ current: Snapshot,
        _ containersBefore: ContainerMatch,
        seconds: Double
    ) -> [ProcessRates] {
        var rates: [ProcessRates] = []
        rates.reserveCapacity(current.containers.reduce(current.hostProcesses.count) { $0 + $1.processes.count })
        var unmatched: [ProcessSnapshot] = []
        // Through buffer pointers (elements are read in place), never `for process in` or an array subscript passed
        // along: each process copied out of an array retained a dozen strings and arrays, more than the rates cost.
        func merge(_ before: [ProcessSnapshot], _ now: [ProcessSnapshot]) {
            before.withUnsafeBufferPointer { before in
                now.withUnsafeBufferPointer { now in
                    var cursor = 0
                    for index in now.indices {
                        let pid = now[index].pid
                        while cursor < before.count, before[cursor].pid < pid { cursor += 1 }
                        if cursor < before.count, before[cursor].starttime == now[index].starttime,
                            before[cursor].pid == pid
                        {
                            rates.append(
                                ProcessRates(
                                    pid: pid,
                                    previous: ProcessRates.Reading(before[cursor]),
                                    current: ProcessRates.Reading(now[index]),
                                    seconds: seconds,
                                    clockTicksPerSecond: current.clockTicksPerSecond
                                )
                            )
                        } else {
                            unmatched.append(now[index])
                        }
                    }
                }
            }
        }
        for index in current.containers.indices {
            let before = containersBefore.index(current.containers[index].key, at: index)
            merge(before.map { previous.containers[$0].processes } ?? [], current.containers[index].processes)
        }
        merge(previous.hostProcesses, current.hostProcesses)
        guard !unmatched.isEmpty else { return rates }
        // Usually only new processes (a probe, a restart): a scan each; a dictionary when there are many.
        let lists = previous.containers.map(\.processes) + [previous.hostProcesses]
        let before =
            unmatched.count > 8
            ? Dictionary(lists.joined().map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first }) : [:]
        func find(_ key: ProcessKey) -> ProcessSnapshot? {
            if unmatched.count > 8 { return before[key] }
            for list in lists { if let old = list.first(where: { $0.key == key }) { return old } }
            return nil
        }
        for process in unmatched {
            guard let old = find(process.key) else { continue }
            rates.append(
                ProcessRates(
                    previous: old,
                    current: process,
                    seconds: seconds,
                    clockTicksPerSecond: current.clockTicksPerSecond
                )
            )
        }
        return rates
    }
}

/// The previous snapshot's container for each current one. When both list the same containers in the same
/// order — every delta without a container added or removed — by position, checked by key; otherwise by a
/// dictionary. Hashing every container's pod UID and ID on every snapshot cost more than the rates.
struct ContainerMatch {
    private let byKey: [ContainerKey: Int]?

    init(_ containers: [ContainerSnapshot], matching current: [ContainerSnapshot]) {
        // By index and field: zipping the arrays copied every container (a dozen retains each) twice.
        let aligned =
            containers.count == current.count
            && containers.indices.allSatisfy { index in
                containers[index].identity.podUID == current[index].identity.podUID
                    && containers[index].identity.containerID == current[index].identity.containerID
            }
        self.byKey =
            aligned ? nil : Dictionary(containers.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The position in the previous list of the container at `index` of the current one, if it was there.
    func index(_ key: ContainerKey, at index: Int) -> Int? {
        guard let byKey = self.byKey else { return index }
        return byKey[key]
    }
}
