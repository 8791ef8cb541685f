import KernelStats
public import Telemetry

/// Rebuilds full snapshots from one connection's frames.
public struct SnapshotDecoder: Sendable {
    private var previous: Snapshot?
    private var interner = ProcessInterner()
    private var deltas = 0
    /// Every this many deltas (2 minutes at 5 s) the interner forgets values of ended processes: re-inserting
    /// a node's few hundred live arrays costs well under a millisecond.
    private static let internerRefresh = 24

    public init() {}

    /// The full snapshot a Snapshot frame stands for. A delta without a previous keyframe is an error.
    public mutating func snapshot(
        from frame: Frame,
        maximumLength: Int = Frame.defaultMaximumLength
    ) throws(WireError) -> Snapshot {
        var full: Snapshot
        if frame.flags.contains(.keyframe) {
            full = try Snapshot(wire: try WireMessage.snapshotMessage(frame, maximumLength: maximumLength))
            self.interner = ProcessInterner()
            // Deltas find processes by binary search: keep every list in PID order.
            for index in full.containers.indices {
                full.containers[index].processes = ProcessList.ordered(full.containers[index].processes)
                self.interner.intern(&full.containers[index].processes)
            }
            full.hostProcesses = ProcessList.ordered(full.hostProcesses)
            self.interner.intern(&full.hostProcesses)
        } else {
            guard let previous = self.previous else {
                throw WireError.unexpectedFrame("a delta snapshot arrived before any keyframe")
            }
            let payload = try WireMessage.payload(frame, maximumLength: maximumLength)
            full = try DeltaDecoding.apply(try DeltaPayload.decode(payload), to: previous, interner: &self.interner)
            self.deltas += 1
            if self.deltas % Self.internerRefresh == 0 { self.interner.forgetAllBut(full) }
        }
        self.previous = full
        return full
    }
}
