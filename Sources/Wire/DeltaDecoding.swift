import Telemetry

/// Applies a delta message to the previous snapshot. Containers and processes the delta does not touch are the
/// previous snapshot's own values (shared copy-on-write), so the cost follows the delta, not the node's size.
///
/// What the delta sends new is held to ``SnapshotLimits`` here (the counts were already held by
/// ``SnapshotCensus`` before decoding): every index into the previous snapshot is used at most once, nothing
/// removes more than the previous snapshot had, and every process, container, pod and value sent is checked.
enum DeltaDecoding {
    static func apply(
        _ payload: DeltaPayload,
        to previous: Snapshot,
        limits: SnapshotLimits,
        interner: inout ProcessInterner
    ) throws(WireError) -> Snapshot {
        do {
            return try Self.decode(payload, previous, limits, &interner)
        } catch let error as LimitViolation {
            throw WireError.refused(error)
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError.malformedPayload("\(error)")
        }
    }

    private static func decode(
        _ payload: DeltaPayload,
        _ previous: Snapshot,
        _ limits: SnapshotLimits,
        _ interner: inout ProcessInterner
    ) throws -> Snapshot {
        let wire = payload.message
        let entries = payload.containers
        var full = previous
        full.node = wire.node
        full.wallTimeMilliseconds = wire.wallTimeMilliseconds
        full.monotonicNanoseconds = wire.monotonicNanoseconds
        full.clockTicksPerSecond = wire.clockTicksPerSecond
        full.pageSize = wire.pageSize
        try limits.checkHeader(full)
        full.host = try Self.host(payload, sent: try NodeStats(wire: wire.host), previous: previous.host, limits)
        full.networkNamespaces = try wire.networkNamespaces.map { item throws(WireError) in
            try NetworkNamespace(wire: item)
        }
        for (index, item) in full.networkNamespaces.enumerated() {
            try limits.check(namespace: item, "network_namespaces[\(index)]")
        }
        full.errors = try wire.errors.map { item throws(WireError) in try CollectionIssue(wire: item) }
        for (index, item) in full.errors.enumerated() { try limits.check(issue: item, "errors[\(index)]") }
        full.nodeInfo =
            wire.nodeInfoUnchanged ? previous.nodeInfo : wire.hasNodeInfo ? try NodeInfo(wire: wire.nodeInfo) : nil
        if !wire.nodeInfoUnchanged, let info = full.nodeInfo { try limits.check(nodeInfo: info) }
        full.agent = wire.hasAgent ? try AgentStats(wire: wire.agent) : nil
        full.kernelSignals = wire.hasKernelSignals ? try KernelSignals(wire: wire.kernelSignals) : nil
        if let kernel = full.kernelSignals { try limits.check(kernelSignals: kernel) }
        full.pods = try Self.pods(wire, previous.pods, limits)

        var whole = try entries.map { entry throws(WireError) in
            try (entry.message?.processes ?? []).map { item throws(WireError) in try ProcessSnapshot(wire: item) }
        }
        var wholeHost = try wire.hostProcesses.map { item throws(WireError) in try ProcessSnapshot(wire: item) }
        let departed = try Self.departures(wire, whole: whole, wholeHost: wholeHost, previous: previous)
        // A process sent whole without cmdline and cgroups keeps the ones it had (they never change).
        for index in whole.indices {
            departed.restore(&whole[index])
            for process in whole[index] { try limits.check(process: process, "containers.processes") }
            interner.intern(&whole[index])
        }
        departed.restore(&wholeHost)
        for process in wholeHost { try limits.check(process: process, "host_processes") }
        interner.intern(&wholeHost)

        full.containers = try Self.containers(payload, whole, previous, departed, limits)
        full.hostProcesses = try departed.patch(
            previous.hostProcesses,
            place: Departures.host,
            whole: wholeHost,
            updates: ProcessUpdateRun(wire.hostProcessUpdates)
        )
        try limits.checkTotals(full)
        return full
    }

    /// Where the processes that leave their place were: ended ones (no more than the previous snapshot held)
    /// and those sent whole (each once).
    private static func departures(
        _ wire: Podwatch_V1_Snapshot,
        whole: [[ProcessSnapshot]],
        wholeHost: [ProcessSnapshot],
        previous: Snapshot
    ) throws -> Departures {
        var held = previous.hostProcesses.count
        for container in previous.containers { held += container.processes.count }
        guard wire.removedProcesses.count <= held else {
            throw WireError.malformedPayload("\(wire.removedProcesses.count) processes removed of \(held)")
        }
        var sent = Set<ProcessKey>()
        for process in whole.joined() + wholeHost where !sent.insert(process.key).inserted {
            throw LimitViolation(field: "processes", value: "pid \(process.pid)", limit: "each process sent once")
        }
        let ended = wire.removedProcesses.lazy.map { ProcessKey(pid: $0.pid, starttime: $0.starttime) }
        return Departures(leaving: sent.union(ended), previous: previous)
    }

    /// The snapshot's containers in the order of its layout: carried over by index, or sent.
    private static func containers(
        _ payload: DeltaPayload,
        _ whole: [[ProcessSnapshot]],
        _ previous: Snapshot,
        _ departed: Departures,
        _ limits: SnapshotLimits
    ) throws -> [ContainerSnapshot] {
        let wire = payload.message
        let entries = payload.containers
        // Each previous container is carried or updated at most once (a repeated index multiplied one
        // container millions of times: security review H2).
        var used = [Bool](repeating: false, count: previous.containers.count)
        func use(_ index: Int, _ what: String) throws(WireError) {
            guard index >= 0, index < used.count else {
                throw WireError.malformedPayload(
                    "\(what) refers to index \(index) of a snapshot with \(previous.containers.count)"
                )
            }
            guard !used[index] else { throw WireError.malformedPayload("\(what) uses index \(index) twice") }
            used[index] = true
        }
        for entry in entries { if let known = entry.previousIndex { try use(known, "container") } }
        var containers: [ContainerSnapshot] = []
        containers.reserveCapacity(max(wire.containerLayout.count, entries.count))
        var next = 0
        if wire.containerLayout.isEmpty {
            for (entry, processes) in zip(entries, whole) {
                containers.append(try Self.container(entry, processes, previous, departed, limits))
            }
            return containers
        }
        for entry in wire.containerLayout {
            if entry >= 0 {
                let known = Int(entry)
                try use(known, "container layout")
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
            containers.append(try Self.container(entries[next], whole[next], previous, departed, limits))
            next += 1
        }
        guard next == entries.count else {
            throw WireError.malformedPayload("\(entries.count - next) containers sent beyond the layout")
        }
        return containers
    }
}
