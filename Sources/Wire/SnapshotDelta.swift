import KernelStats
public import Telemetry

/// Delta snapshots (docs/wire-protocol.md). After a keyframe, a snapshot carries the node (of its meminfo and
/// vmstat maps only the keys whose value changed), every container and its cgroup, but only the processes
/// that are new or changed — changed ones without their cmdline and cgroup lines, which never change during
/// a process's life — and the keys of processes that ended.
enum SnapshotDelta {
    /// The sparse form of `current` against `previous`, and the processes that ended.
    static func sparse(_ current: Snapshot, against previous: Snapshot) -> (Snapshot, [ProcessKey]) {
        let previousPods = Dictionary(previous.pods.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        let previousProcesses = previous.allProcesses
        let before = Dictionary(previousProcesses.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        func thin(_ process: ProcessSnapshot) -> ProcessSnapshot? {
            guard let old = before[process.key] else { return process }
            if old == process { return nil }
            var changed = process
            changed.cmdline = []
            changed.cgroups = []
            return changed
        }
        var sparse = current
        for index in sparse.containers.indices {
            sparse.containers[index].processes = sparse.containers[index].processes.compactMap(thin)
        }
        sparse.hostProcesses = sparse.hostProcesses.compactMap(thin)
        sparse.pods = current.pods.filter { previousPods[$0.uid] != $0 }
        sparse.host.memory.values = Self.changed(current.host.memory.values, previous.host.memory.values)
        if let vmstat = current.host.vmstat, let old = previous.host.vmstat {
            sparse.host.vmstat?.values = Self.changed(vmstat.values, old.values)
        }
        let now = Set(current.allProcesses.map(\.key))
        let removed = previousProcesses.map(\.key).filter { !now.contains($0) }
        return (sparse, removed)
    }

    /// The UIDs of `previous`'s pods that `current` no longer lists.
    static func removedPods(_ current: Snapshot, against previous: Snapshot) -> [String] {
        let now = Set(current.pods.map(\.uid))
        return previous.pods.map(\.uid).filter { !now.contains($0) }
    }

    /// Rebuilds the full snapshot from the previous one, a sparse snapshot and the ended processes and pods.
    /// Processes are ordered by PID, as the agent lists them; pods keep the previous order, changed ones in
    /// place and new ones appended (their order carries no meaning).
    static func apply(
        _ sparse: Snapshot,
        removed: [ProcessKey],
        removedPods: [String] = [],
        to previous: Snapshot
    ) -> Snapshot {
        let ended = Set(removed)
        let before = Dictionary(previous.allProcesses.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let sent = Set(sparse.allProcesses.map(\.key))
        func merge(_ carried: [ProcessSnapshot], _ delta: [ProcessSnapshot]) -> [ProcessSnapshot] {
            let kept = carried.filter { !ended.contains($0.key) && !sent.contains($0.key) }
            let updated = delta.map { process -> ProcessSnapshot in
                guard let old = before[process.key], process.cmdline.isEmpty, process.cgroups.isEmpty else {
                    return process
                }
                var restored = process
                restored.cmdline = old.cmdline
                restored.cgroups = old.cgroups
                return restored
            }
            return (kept + updated).sorted { $0.pid < $1.pid }
        }
        let previousContainers = Dictionary(
            previous.containers.map { ($0.key, $0.processes) },
            uniquingKeysWith: { first, _ in first }
        )
        var full = sparse
        for index in full.containers.indices {
            let key = full.containers[index].key
            full.containers[index].processes = merge(previousContainers[key] ?? [], full.containers[index].processes)
        }
        full.hostProcesses = merge(previous.hostProcesses, full.hostProcesses)
        let gone = Set(removedPods)
        let changed = Dictionary(sparse.pods.map { ($0.uid, $0) }, uniquingKeysWith: { _, last in last })
        let carried = previous.pods.filter { !gone.contains($0.uid) }.map { changed[$0.uid] ?? $0 }
        let carriedUIDs = Set(carried.map(\.uid))
        full.pods = carried + sparse.pods.filter { !carriedUIDs.contains($0.uid) }
        full.host.memory.values = previous.host.memory.values.merging(sparse.host.memory.values) { $1 }
        if let vmstat = sparse.host.vmstat, let old = previous.host.vmstat {
            full.host.vmstat?.values = old.values.merging(vmstat.values) { $1 }
        }
        return full
    }

    /// The entries of `current` whose value differs from `previous` (keys never disappear mid-connection).
    private static func changed(_ current: [String: UInt64], _ previous: [String: UInt64]) -> [String: UInt64] {
        current.filter { previous[$0.key] != $0.value }
    }
}

/// Turns snapshots into frames for one connection: a keyframe first, deltas after.
public struct SnapshotEncoder: Sendable {
    private var previous: Snapshot?

    public init() {}

    public mutating func frame(for snapshot: Snapshot) -> Frame {
        defer { self.previous = snapshot }
        guard let previous = self.previous else { return WireMessage.snapshot(snapshot).frame() }
        let (sparse, removed) = SnapshotDelta.sparse(snapshot, against: previous)
        var wire = Podwatch_V1_Snapshot(sparse)
        // Containers already known travel as an index into the previous snapshot instead of their identity.
        let indices = Dictionary(
            previous.containers.enumerated().map { ($1.key, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        // Mutated as a local array: through the message's copy-on-write storage, each element write
        // would copy the whole array (quadratic in containers; it was most of the encoder's time).
        var containers = wire.containers
        wire.containers = []
        for (index, container) in sparse.containers.enumerated() {
            guard let known = indices[container.key] else { continue }
            containers[index].previousIndex = UInt32(known)
            containers[index].identity = Podwatch_V1_ContainerIdentity()
            containers[index].clearCgroupPath()
            if let cgroup = container.cgroup, cgroup == previous.containers[known].cgroup {
                containers[index].clearCgroup()
                containers[index].cgroupUnchanged = true
            }
        }
        wire.containers = containers
        wire.removedPodUids = SnapshotDelta.removedPods(snapshot, against: previous)
        wire.removedProcesses = removed.map { key in
            var wireKey = Podwatch_V1_ProcessKey()
            wireKey.pid = key.pid
            wireKey.starttime = key.starttime
            return wireKey
        }
        return WireMessage.frame(snapshot: wire, flags: [.compressed])
    }
}

/// Rebuilds full snapshots from one connection's frames.
public struct SnapshotDecoder: Sendable {
    private var previous: Snapshot?

    public init() {}

    /// The full snapshot a Snapshot frame stands for. A delta without a previous keyframe is an error.
    public mutating func snapshot(
        from frame: Frame,
        maximumLength: Int = Frame.defaultMaximumLength
    ) throws(WireError) -> Snapshot {
        var wire = try WireMessage.snapshotMessage(frame, maximumLength: maximumLength)
        let full: Snapshot
        if frame.flags.contains(.keyframe) {
            full = try Snapshot(wire: wire)
        } else {
            guard let previous = self.previous else {
                throw WireError.unexpectedFrame("a delta snapshot arrived before any keyframe")
            }
            // A local array, not element writes through the message's storage (each would copy it all).
            var containers = wire.containers
            wire.containers = []
            for index in containers.indices where containers[index].hasPreviousIndex {
                let known = Int(containers[index].previousIndex)
                guard known < previous.containers.count else {
                    throw WireError.malformedPayload(
                        "container refers to index \(known) of a snapshot with \(previous.containers.count)"
                    )
                }
                containers[index].identity = Podwatch_V1_ContainerIdentity(previous.containers[known].identity)
                if let path = previous.containers[known].cgroupPath { containers[index].cgroupPath = path }
                if containers[index].cgroupUnchanged, let cgroup = previous.containers[known].cgroup {
                    containers[index].cgroup = Podwatch_V1_CgroupStats(cgroup)
                }
            }
            wire.containers = containers
            let decoded = try Snapshot(wire: wire)
            let removed = wire.removedProcesses.map { ProcessKey(pid: $0.pid, starttime: $0.starttime) }
            full = SnapshotDelta.apply(decoded, removed: removed, removedPods: wire.removedPodUids, to: previous)
        }
        self.previous = full
        return full
    }
}
