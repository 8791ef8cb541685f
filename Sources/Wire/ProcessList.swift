import Telemetry

/// A container's (or the host's) processes in PID order, as every decoded snapshot keeps them, so that a
/// delta finds the few processes it touches by binary search instead of rebuilding the list.
struct ProcessList {
    var processes: [ProcessSnapshot]

    /// The position of the first process whose PID is not below `pid`.
    func lowerBound(_ pid: Int32) -> Int {
        var low = 0
        var high = self.processes.count
        while low < high {
            let middle = (low + high) / 2
            if self.processes[middle].pid < pid { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func index(of key: ProcessKey) -> Int? {
        let index = self.lowerBound(key.pid)
        guard index < self.processes.count, self.processes[index].key == key else { return nil }
        return index
    }

    func index(ofPID pid: Int32) -> Int? {
        let index = self.lowerBound(pid)
        guard index < self.processes.count, self.processes[index].pid == pid else { return nil }
        return index
    }

    /// Merges processes in PID order into the list, each replacing one with the same PID: one pass, however
    /// many there are (inserting one by one moved the whole list each time).
    mutating func merge(_ sorted: [ProcessSnapshot]) {
        guard !sorted.isEmpty else { return }
        if sorted.count == 1, let process = sorted.first {
            let index = self.lowerBound(process.pid)
            if index < self.processes.count, self.processes[index].pid == process.pid {
                self.processes[index] = process
            } else {
                self.processes.insert(process, at: index)
            }
            return
        }
        var merged: [ProcessSnapshot] = []
        merged.reserveCapacity(self.processes.count + sorted.count)
        var old = self.processes.startIndex
        for process in sorted {
            while old < self.processes.endIndex, self.processes[old].pid < process.pid {
                merged.append(self.processes[old])
                old += 1
            }
            while old < self.processes.endIndex, self.processes[old].pid == process.pid { old += 1 }
            if let last = merged.last, last.pid == process.pid { merged.removeLast() }
            merged.append(process)
        }
        merged.append(contentsOf: self.processes[old...])
        self.processes = merged
    }

    /// Applies one entry of a `ProcessUpdates`; a PID the list does not hold is a malformed payload.
    mutating func update(
        pid: Int32,
        changed: UInt64,
        differences: ArraySlice<Int64>,
        position: inout Int
    ) throws(WireError) {
        guard let index = self.index(ofPID: pid) else {
            throw WireError.malformedPayload("process update for PID \(pid), which the previous snapshot does not hold")
        }
        var counters = self.processes[index].counters
        try CounterDelta.apply(
            changed: changed,
            differences: differences,
            position: &position,
            scaled: ProcessCounter.pageScaled,
            to: &counters
        )
        self.processes[index].setCounters(counters)
    }

    /// Sorts into PID order unless already so (keyframes from an agent normally are).
    static func ordered(_ processes: [ProcessSnapshot]) -> [ProcessSnapshot] {
        let sorted = zip(processes, processes.dropFirst()).allSatisfy { $0.pid <= $1.pid }
        return sorted ? processes : processes.sorted { $0.pid < $1.pid }
    }
}
