import Telemetry

/// The processes of the previous snapshot that a delta takes out of their place (ended, sent whole again, or
/// moved), found once per delta, and the patch of each place's list that follows from them.
struct Departures {
    /// The place of the host's processes; containers are their index in the previous snapshot.
    static let host = -1

    /// Place → positions in its previous list that leave.
    private var positions: [Int: [Int]] = [:]
    private var processes: [ProcessKey: ProcessSnapshot] = [:]

    /// Notes which of `keys` the place's previous list holds (it is in PID order).
    mutating func collect(_ keys: [ProcessKey], from list: [ProcessSnapshot], place: Int) {
        guard !keys.isEmpty, !list.isEmpty else { return }
        let ordered = ProcessList(processes: list)
        for key in keys {
            guard let index = ordered.index(of: key) else { continue }
            self.positions[place, default: []].append(index)
            self.processes[key] = list[index]
        }
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

    /// One place's list after the delta: departures dropped, updates applied, whole processes inserted in PID
    /// order. An untouched list is returned as it was, sharing its storage with the previous snapshot.
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
        var patched = ProcessList(processes: list)
        for index in Set(drop).sorted(by: >) { patched.processes.remove(at: index) }
        var position = updates.differences.startIndex
        var pid: Int32 = 0
        for (step, changed) in zip(updates.pids, updates.changed) {
            pid = pid &+ step  // each PID is sent as the difference from the entry before
            try patched.update(pid: pid, changed: changed, differences: updates.differences, position: &position)
        }
        guard position == updates.differences.endIndex else {
            throw WireError.malformedPayload("process updates carry more differences than changed counters")
        }
        for process in whole { patched.insert(process) }
        return patched.processes
    }
}
