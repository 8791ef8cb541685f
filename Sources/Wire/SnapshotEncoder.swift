public import Telemetry

/// Turns snapshots into frames for one connection: a keyframe first, deltas after (docs/wire-protocol.md).
public struct SnapshotEncoder: Sendable {
    private var previous: Snapshot?

    public init() {}

    public mutating func frame(for snapshot: Snapshot) -> Frame {
        defer { self.previous = snapshot }
        guard let previous = self.previous else { return WireMessage.snapshot(snapshot).frame() }
        return WireMessage.frame(snapshot: DeltaEncoding.message(snapshot, against: previous), flags: [.compressed])
    }
}

/// The delta message of one snapshot against the previous one on the connection.
enum DeltaEncoding {
    /// Where a process of the previous snapshot was: its container's index there, or `host`.
    private struct Placed {
        var process: ProcessSnapshot
        var container: Int
    }

    private static let host = -1
    /// A container the previous snapshot did not have: none of its processes stayed put.
    private static let newContainer = -2

    static func message(_ current: Snapshot, against previous: Snapshot) -> Podwatch_V1_Snapshot {
        var before: [ProcessKey: Placed] = [:]
        before.reserveCapacity(previous.containers.reduce(previous.hostProcesses.count) { $0 + $1.processes.count })
        for (index, container) in previous.containers.enumerated() {
            for process in container.processes { before[process.key] = Placed(process: process, container: index) }
        }
        for process in previous.hostProcesses { before[process.key] = Placed(process: process, container: Self.host) }
        let indices = Dictionary(
            previous.containers.enumerated().map { ($1.key, $0) },
            uniquingKeysWith: { first, _ in first }
        )

        // The sparse snapshot: whole processes only (new, moved, or changed in shape); updates on the side.
        var sparse = current
        var updates: [Podwatch_V1_ProcessUpdates] = []
        for index in sparse.containers.indices {
            var columns = Podwatch_V1_ProcessUpdates()
            let known = indices[sparse.containers[index].key] ?? Self.newContainer
            sparse.containers[index].processes = Self.split(
                sparse.containers[index].processes,
                in: known,
                before: before,
                updates: &columns
            )
            updates.append(columns)
        }
        var hostUpdates = Podwatch_V1_ProcessUpdates()
        sparse.hostProcesses = Self.split(sparse.hostProcesses, in: Self.host, before: before, updates: &hostUpdates)
        let previousPods = Dictionary(previous.pods.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        sparse.pods = current.pods.filter { previousPods[$0.uid] != $0 }
        let hostRows = Self.hostRows(current.host, against: previous.host)
        if hostRows != nil { sparse.host = NodeStats() }  // only the map entries below travel
        sparse.host.memory.values = Self.changed(current.host.memory.values, previous.host.memory.values)
        if let vmstat = current.host.vmstat, let old = previous.host.vmstat {
            sparse.host.vmstat = Vmstat(values: Self.changed(vmstat.values, old.values))
        }
        let nodeInfoUnchanged = current.nodeInfo != nil && current.nodeInfo == previous.nodeInfo
        if nodeInfoUnchanged { sparse.nodeInfo = nil }

        // A known container whose cgroup keeps its shape sends it as unchanged or as an update (below): it is not
        // converted whole first only to be cleared (that conversion was a tenth of encoding a snapshot).
        let cgroupPairs = current.containers.map { container -> (PackedCgroup, PackedCgroup)? in
            guard let known = indices[container.key], let packed = container.packedCgroup,
                let oldPacked = previous.containers[known].packedCgroup, packed.hasSameShape(as: oldPacked)
            else { return nil }
            return (packed, oldPacked)
        }
        for index in sparse.containers.indices where cgroupPairs[index] != nil { sparse.containers[index].cgroup = nil }

        var wire = Podwatch_V1_Snapshot(sparse)
        wire.hostRows = hostRows ?? []
        wire.nodeInfoUnchanged = nodeInfoUnchanged
        wire.hostProcessUpdates = hostUpdates
        // Mutated as a local array: through the message's copy-on-write storage, each element write
        // would copy the whole array (quadratic in containers).
        var containers = wire.containers
        wire.containers = []
        for (index, container) in sparse.containers.enumerated() {
            guard let known = indices[container.key] else { continue }
            containers[index].previousIndex = UInt32(known)
            containers[index].clearIdentity()
            containers[index].clearCgroupPath()
            containers[index].processUpdates = updates[index]
            // Compared packed, and the tables read from the packed bytes: unpacking every container's counters
            // twice per pass was most of encoding them.
            guard let (packed, oldPacked) = cgroupPairs[index] else { continue }
            if packed == oldPacked {
                containers[index].cgroupUnchanged = true
            } else if let update = Self.update(
                packed.counters,
                against: oldPacked.counters,
                scaled: CgroupCounter.pageScaled
            ) {
                containers[index].cgroupUpdate = update
            } else {
                containers[index].cgroup = Podwatch_V1_CgroupStats(packed.stats)
            }
        }
        // Containers where nothing moved are carried over by position instead of travelling (sandboxes, idle
        // sidecars: often half a node's containers).
        var sent: [Podwatch_V1_ContainerSnapshot] = []
        for (index, container) in sparse.containers.enumerated() {
            guard let known = indices[container.key],
                Self.isCarried(containers[index], current.containers[index], previous, known)
            else {
                wire.containerLayout.append(-1)
                sent.append(containers[index])
                continue
            }
            wire.containerLayout.append(Int32(known))
        }
        wire.containers = sent
        let now = Set(current.allProcesses.map(\.key))
        wire.removedProcesses = before.keys.filter { !now.contains($0) }.sorted { $0.pid < $1.pid }.map { key in
            var wireKey = Podwatch_V1_ProcessKey()
            wireKey.pid = key.pid
            wireKey.starttime = key.starttime
            return wireKey
        }
        let pods = Set(current.pods.map(\.uid))
        wire.removedPodUids = previous.pods.map(\.uid).filter { !pods.contains($0) }
        return wire
    }

    /// The processes of one container (`known`: its index in the previous snapshot, `newContainer` or `host`)
    /// that must travel whole. Unchanged ones are dropped and ones whose counters alone changed go into `updates`.
    private static func split(
        _ processes: [ProcessSnapshot],
        in known: Int,
        before: [ProcessKey: Placed],
        updates: inout Podwatch_V1_ProcessUpdates
    ) -> [ProcessSnapshot] {
        var whole: [ProcessSnapshot] = []
        var lastPID: Int32 = 0
        for process in processes {
            guard let old = before[process.key] else {
                whole.append(process)
                continue
            }
            let stayed = old.container == known
            if stayed, old.process == process { continue }
            if stayed, process.hasSameShape(as: old.process),
                let update = Self.update(
                    process.counters,
                    against: old.process.counters,
                    scaled: ProcessCounter.pageScaled
                )
            {
                updates.pids.append(process.pid &- lastPID)  // PID order: small differences
                lastPID = process.pid
                updates.changed.append(update.changed)
                updates.differences.append(contentsOf: update.differences)
                continue
            }
            // Moved or changed in shape: whole, but cmdline and cgroups never change during a process's life.
            var thin = process
            thin.cmdline = []
            thin.cgroups = []
            whole.append(thin)
        }
        return whole
    }

    /// The node's counters as rows of updates, or nil when its shape changed (then it travels whole).
    private static func hostRows(_ current: NodeStats, against previous: NodeStats) -> [Podwatch_V1_CounterUpdate]? {
        guard current.hasSameShape(as: previous) else { return nil }
        var rows: [Podwatch_V1_CounterUpdate] = []
        for (now, before) in zip(current.counterRows, previous.counterRows) {
            guard let row = Self.update(now, against: before, scaled: 0) else { return nil }
            rows.append(row)
        }
        return rows
    }

    /// True when a known container's entry says nothing the previous snapshot did not.
    private static func isCarried(
        _ entry: Podwatch_V1_ContainerSnapshot,
        _ container: ContainerSnapshot,
        _ previous: Snapshot,
        _ known: Int
    ) -> Bool {
        let old = previous.containers[known]
        return entry.processes.isEmpty && entry.processUpdates.pids.isEmpty && !entry.hasCgroupUpdate
            && (entry.cgroupUnchanged || (container.packedCgroup == nil && old.packedCgroup == nil))
            && container.networkNamespace == old.networkNamespace && container.isSandbox == old.isSandbox
    }

    private static func update(
        _ current: [UInt64?],
        against previous: [UInt64?],
        scaled: UInt64
    ) -> Podwatch_V1_CounterUpdate? {
        var update = Podwatch_V1_CounterUpdate()
        guard let changed = CounterDelta.encode(current, against: previous, scaled: scaled, into: &update.differences)
        else {
            return nil
        }
        update.changed = changed
        return update
    }

    /// The entries of `current` whose value differs from `previous` (keys never disappear mid-connection).
    private static func changed(_ current: [String: UInt64], _ previous: [String: UInt64]) -> [String: UInt64] {
        current.filter { previous[$0.key] != $0.value }
    }
}
