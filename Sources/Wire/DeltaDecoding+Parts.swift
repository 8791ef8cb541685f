import Telemetry

/// The parts of a delta other than the container layout: one container entry, the node's counters, a cgroup,
/// the pods.
extension DeltaDecoding {
    /// A container sent in the delta: new (whole), or the previous one at `previous_index` with its entry applied.
    static func container(
        _ item: DeltaContainer,
        _ whole: [ProcessSnapshot],
        _ previous: Snapshot,
        _ departed: Departures,
        _ limits: SnapshotLimits
    ) throws -> ContainerSnapshot {
        guard let known = item.previousIndex else {
            var container = try ContainerSnapshot(wire: item.message ?? Podwatch_V1_ContainerSnapshot())
            try limits.check(container: container, "containers")
            container.processes = ProcessList.ordered(whole)
            return container
        }
        var container = previous.containers[known]
        // An unchanged cgroup stays as it is, packed (it was checked when it came).
        if !item.cgroupUnchanged {
            container.cgroup = try Self.cgroup(item, previous: container.cgroup)
            try limits.check(cgroup: container.cgroup, "containers[\(known)]")
        }
        container.networkNamespace = item.networkNamespace
        container.isSandbox = item.isSandbox
        container.processes = try departed.patch(
            container.processes,
            place: known,
            whole: whole,
            updates: item.processUpdates
        )
        return container
    }

    /// The node's counters: the rows applied to the previous ones (or sent whole), the changed kernel keys
    /// merged into the previous maps. What was sent and the derived values are checked.
    static func host(
        _ payload: DeltaPayload,
        sent: NodeStats,
        previous: NodeStats,
        _ limits: SnapshotLimits
    ) throws -> NodeStats {
        try limits.check(host: sent)
        var host = payload.hostRows.isEmpty ? sent : try Self.host(payload.hostRows, previous: previous)
        host.memory.values = previous.memory.values.merging(sent.memory.values) { $1 }
        if let vmstat = sent.vmstat, let old = previous.vmstat {
            host.vmstat = Vmstat(values: old.values.merging(vmstat.values) { $1 })
        }
        try limits.check(derived: host)
        return host
    }

    /// The previous node's counters with the delta's rows applied.
    private static func host(
        _ updates: [CounterRun],
        previous: NodeStats
    ) throws(WireError) -> NodeStats {
        var rows = previous.counterRows
        guard rows.count == updates.count else {
            throw WireError.malformedPayload("\(updates.count) node rows for a node of \(rows.count)")
        }
        for index in rows.indices {
            let update = updates[index]
            var position = update.differences.startIndex
            try CounterDelta.apply(
                changed: update.changed,
                differences: update.differences,
                position: &position,
                to: &rows[index]
            )
            guard position == update.differences.endIndex else {
                throw WireError.malformedPayload("node row \(index) carries more differences than changed counters")
            }
        }
        var host = previous
        host.setCounterRows(rows)
        return host
    }

    /// The previous cgroup updated field by field, or replaced, as the container's entry says (an unchanged one
    /// never comes here: the caller keeps it packed).
    private static func cgroup(
        _ item: DeltaContainer,
        previous: CgroupStats?
    ) throws(WireError) -> CgroupStats? {
        if let update = item.cgroupUpdate {
            guard var cgroup = previous else {
                throw WireError.malformedPayload("cgroup update for a container that had no cgroup counters")
            }
            var counters = cgroup.counters
            var position = update.differences.startIndex
            try CounterDelta.apply(
                changed: update.changed,
                differences: update.differences,
                position: &position,
                scaled: CgroupCounter.pageScaled,
                to: &counters
            )
            guard position == update.differences.endIndex else {
                throw WireError.malformedPayload("cgroup update carries more differences than changed counters")
            }
            cgroup.setCounters(counters)
            return cgroup
        }
        guard let message = item.message, message.hasCgroup else { return nil }
        return try CgroupStats(wire: message.cgroup)
    }

    /// Pods: the previous order, changed ones in place, new ones appended, removed ones gone (no more than
    /// there were).
    static func pods(
        _ wire: Podwatch_V1_Snapshot,
        _ previous: [PodMetadata],
        _ limits: SnapshotLimits
    ) throws -> [PodMetadata] {
        let sent = try wire.pods.map { item throws(WireError) in try PodMetadata(wire: item) }
        if sent.isEmpty && wire.removedPodUids.isEmpty { return previous }
        guard wire.removedPodUids.count <= previous.count else {
            throw WireError.malformedPayload("\(wire.removedPodUids.count) pods removed of \(previous.count)")
        }
        for (index, pod) in sent.enumerated() { try limits.check(pod: pod, "pods[\(index)]") }
        let gone = Set(wire.removedPodUids)
        let changed = Dictionary(sent.map { ($0.uid, $0) }, uniquingKeysWith: { _, last in last })
        let carried = previous.filter { !gone.contains($0.uid) }.map { changed[$0.uid] ?? $0 }
        let carriedUIDs = Set(carried.map(\.uid))
        return carried + sent.filter { !carriedUIDs.contains($0.uid) }
    }
}
