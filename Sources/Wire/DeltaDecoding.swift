import KernelStats
import Telemetry

/// Applies a delta message to the previous snapshot. Containers and processes the delta does not touch are the
/// previous snapshot's own values (shared copy-on-write), so the cost follows the delta, not the node's size.
enum DeltaDecoding {
    static func apply(
        _ payload: DeltaPayload,
        to previous: Snapshot,
        interner: inout ProcessInterner
    ) throws(WireError) -> Snapshot {
        let wire = payload.message
        let entries = payload.containers
        var full = previous
        full.node = wire.node
        full.wallTimeMilliseconds = wire.wallTimeMilliseconds
        full.monotonicNanoseconds = wire.monotonicNanoseconds
        full.clockTicksPerSecond = wire.clockTicksPerSecond
        full.pageSize = wire.pageSize
        let sent = try NodeStats(wire: wire.host)
        full.host = payload.hostRows.isEmpty ? sent : try Self.host(payload.hostRows, previous: previous.host)
        full.host.memory.values = previous.host.memory.values.merging(sent.memory.values) { $1 }
        if let vmstat = sent.vmstat, let old = previous.host.vmstat {
            full.host.vmstat = Vmstat(values: old.values.merging(vmstat.values) { $1 })
        }
        full.networkNamespaces = try wire.networkNamespaces.map { item throws(WireError) in
            try NetworkNamespace(wire: item)
        }
        full.errors = try wire.errors.map { item throws(WireError) in try CollectionIssue(wire: item) }
        full.nodeInfo =
            wire.nodeInfoUnchanged ? previous.nodeInfo : wire.hasNodeInfo ? try NodeInfo(wire: wire.nodeInfo) : nil
        full.pods = try Self.pods(wire, previous.pods)

        var whole = try entries.map { entry throws(WireError) in
            try (entry.message?.processes ?? []).map { item throws(WireError) in try ProcessSnapshot(wire: item) }
        }
        var wholeHost = try wire.hostProcesses.map { item throws(WireError) in try ProcessSnapshot(wire: item) }
        // Processes leaving their place: ended, or sent whole (changed in shape, or moved to another container).
        let leaving =
            wire.removedProcesses.map { ProcessKey(pid: $0.pid, starttime: $0.starttime) }
            + (whole.joined() + wholeHost).map(\.key)
        var departed = Departures()
        for (index, container) in previous.containers.enumerated() {
            departed.collect(leaving, from: container.processes, place: index)
        }
        departed.collect(leaving, from: previous.hostProcesses, place: Departures.host)
        // A process sent whole without cmdline and cgroups keeps the ones it had (they never change).
        for index in whole.indices { departed.restore(&whole[index]) }
        departed.restore(&wholeHost)
        for index in whole.indices { interner.intern(&whole[index]) }
        interner.intern(&wholeHost)

        var containers: [ContainerSnapshot] = []
        containers.reserveCapacity(max(wire.containerLayout.count, entries.count))
        var next = 0
        let layout =
            wire.containerLayout.isEmpty ? Array(repeating: -1, count: entries.count) : wire.containerLayout
        for entry in layout {
            if entry >= 0 {
                let known = Int(entry)
                guard known < previous.containers.count else {
                    throw WireError.malformedPayload(
                        "container layout refers to index \(known) of a snapshot with \(previous.containers.count)"
                    )
                }
                var container = previous.containers[known]
                container.processes = try departed.patch(
                    container.processes,
                    place: known,
                    whole: [],
                    updates: ProcessUpdateRun()
                )
                containers.append(container)
                continue
            }
            guard entry == -1, next < entries.count else {
                throw WireError.malformedPayload("container layout entry \(entry) with \(entries.count) sent")
            }
            containers.append(try Self.container(entries[next], whole[next], previous, departed))
            next += 1
        }
        guard next == entries.count else {
            throw WireError.malformedPayload("\(entries.count - next) containers sent beyond the layout")
        }
        full.containers = containers
        full.hostProcesses = try departed.patch(
            previous.hostProcesses,
            place: Departures.host,
            whole: wholeHost,
            updates: ProcessUpdateRun(wire.hostProcessUpdates)
        )
        return full
    }

    /// A container sent in the delta: new (whole), or the previous one at `previous_index` with its entry applied.
    private static func container(
        _ item: DeltaContainer,
        _ whole: [ProcessSnapshot],
        _ previous: Snapshot,
        _ departed: Departures
    ) throws(WireError) -> ContainerSnapshot {
        guard let known = item.previousIndex else {
            var container = try ContainerSnapshot(wire: item.message ?? Podwatch_V1_ContainerSnapshot())
            container.processes = ProcessList.ordered(whole)
            return container
        }
        guard known < previous.containers.count else {
            throw WireError.malformedPayload(
                "container refers to index \(known) of a snapshot with \(previous.containers.count)"
            )
        }
        var container = previous.containers[known]
        container.cgroup = try Self.cgroup(item, previous: container.cgroup)
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

    /// The previous cgroup kept, updated field by field, or replaced, as the container's entry says.
    private static func cgroup(
        _ item: DeltaContainer,
        previous: CgroupStats?
    ) throws(WireError) -> CgroupStats? {
        if item.cgroupUnchanged { return previous }
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
                scaled: CgroupStats.pageScaled,
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

    /// Pods: the previous order, changed ones in place, new ones appended, removed ones gone.
    private static func pods(_ wire: Podwatch_V1_Snapshot, _ previous: [PodMetadata]) throws(WireError) -> [PodMetadata]
    {
        let sent = try wire.pods.map { item throws(WireError) in try PodMetadata(wire: item) }
        if sent.isEmpty && wire.removedPodUids.isEmpty { return previous }
        let gone = Set(wire.removedPodUids)
        let changed = Dictionary(sent.map { ($0.uid, $0) }, uniquingKeysWith: { _, last in last })
        let carried = previous.filter { !gone.contains($0.uid) }.map { changed[$0.uid] ?? $0 }
        let carriedUIDs = Set(carried.map(\.uid))
        return carried + sent.filter { !carriedUIDs.contains($0.uid) }
    }
}
