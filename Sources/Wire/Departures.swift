import Telemetry

/// The processes of the previous snapshot that a delta takes out of their place (ended, sent whole again, or
/// moved), found once per delta, and the patch of each place's list that follows from them.
///
/// The cost follows the delta, never a product of what a peer chooses: keys are looked up per place by
/// binary search while that is cheaper than one walk of every previous process, and by that one walk
/// otherwise (security review H2: every previous container × every removed key).
struct Departures {
    /// The place of the host's processes; containers are their index in the previous snapshot.
    static let host = -1

    /// Place → positions in its previous list that leave (ascending).
    private var positions: [Int: [Int]] = [:]
    private var processes: [ProcessKey: ProcessSnapshot] = [:]

    /// Finds where each of `keys` was in `previous` (every list is in PID order).
    init(leaving keys: Set<ProcessKey>, previous: Snapshot) {
        guard !keys.isEmpty else { return }
        let places = previous.containers.count + 1
        var total = previous.hostProcesses.count
        for container in previous.containers { total += container.processes.count }
        // Binary search per place while keys × places stays below one walk of every process.
        let search = keys.count.multipliedSaturating(by: places) <= total
        for index in previous.containers.indices {
            self.collect(keys, previous.containers[index].processes, place: index, search: search)
        }
        self.collect(keys, previous.hostProcesses, place: Self.host, search: search)
        for place in self.positions.keys { self.positions[place]?.sort() }
    }

    private mutating func collect(_ keys: Set<ProcessKey>, _ list: [ProcessSnapshot], place: Int, search: Bool) {
        guard !list.isEmpty else { return }
        if search {
            let ordered = ProcessList(processes: list)
            for key in keys {
                guard let index = ordered.index(of: key) else { continue }
                self.note(list, index, place)
            }
        } else {
            for index in list.indices where keys.contains(list[index].key) { self.note(list, index, place) }
        }
    }

    private mutating func note(_ list: [ProcessSnapshot], _ index: Int, _ place: Int) {
        self.positions[place, default: []].append(index)
        self.processes[list[index].key] = list[index]
    }

    /// Gives processes sent without cmdline and cgroups the ones they had before.
    func restore(_ list: inout [ProcessSnapshot]) {
        for index in list.indices {
            guard list[index].cmdline.isEmpty, list[index].cgroups.isEmpty,
                let old = self.processes[list[index].key]
            else { continue }
            list[index].cmdline = old.cmdline
            list[index].cgroups = old.cgroups
        }
    }

    /// One place's list after the delta: departures dropped, updates applied, whole processes merged in PID
    /// order (one pass each). An untouched list is returned as it was, sharing its storage with the previous
    /// snapshot.
    func patch(
        _ list: [ProcessSnapshot],
        place: Int,
        whole: [ProcessSnapshot],
        updates: ProcessUpdateRun
    ) throws(WireError) -> [ProcessSnapshot] {
        let drop = self.positions[place] ?? []
        if drop.isEmpty && whole.isEmpty && updates.isEmpty {
            return list
        }
        guard updates.pids.count == updates.changed.count else {
            throw WireError.malformedPayload(
                "process updates list \(updates.pids.count) PIDs but \(updates.changed.count) bitmasks"
            )
        }
        var patched = ProcessList(processes: Self.dropping(drop, from: list))
        var position = updates.differences.startIndex
        var pid: Int32 = 0
        for (step, changed) in zip(updates.pids, updates.changed) {
            pid = pid &+ step  // each PID is sent as the difference from the entry before
            try patched.update(pid: pid, changed: changed, differences: updates.differences, position: &position)
        }
        guard position == updates.differences.endIndex else {
            throw WireError.malformedPayload("process updates carry more differences than changed counters")
        }
        patched.merge(ProcessList.ordered(whole))
        return patched.processes
    }

    /// `list` without the entries at `positions` (ascending), in one pass.
    private static func dropping(_ positions: [Int], from list: [ProcessSnapshot]) -> [ProcessSnapshot] {
        guard !positions.isEmpty else { return list }
        var kept: [ProcessSnapshot] = []
        kept.reserveCapacity(list.count - min(positions.count, list.count))
        var next = positions.startIndex
        for index in list.indices {
            if next < positions.endIndex, positions[next] == index {
                while next < positions.endIndex, positions[next] == index { next += 1 }
                continue
            }
            kept.append(list[index])
        }
        return kept
    }
}
