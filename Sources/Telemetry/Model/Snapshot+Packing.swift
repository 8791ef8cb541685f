extension Snapshot {
    /// Packs every process not packed yet (``ProcessSnapshot/pack(shape:)``): after a delta, only those it
    /// added or changed. Containers whose processes are all packed are not written, so those shared with the
    /// previous snapshot stay shared.
    package mutating func packProcesses() {
        for index in self.containers.indices where self.containers[index].processes.contains(where: { !$0.isPacked }) {
            Self.pack(&self.containers[index].processes)
        }
        if self.hostProcesses.contains(where: { !$0.isPacked }) { Self.pack(&self.hostProcesses) }
    }

    private static func pack(_ processes: inout [ProcessSnapshot]) {
        for index in processes.indices where !processes[index].isPacked { processes[index].pack() }
    }
}
