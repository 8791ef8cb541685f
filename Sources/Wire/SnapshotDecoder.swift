public import Telemetry

/// Rebuilds full snapshots from one connection's frames, holding each to ``SnapshotLimits`` on the way in: a
/// keyframe is checked whole, a delta's counts are checked before anything is built from them and what it
/// sends new is checked part by part. A snapshot past a limit throws ``WireError/refused(_:)`` and leaves the
/// decoder where it was.
public struct SnapshotDecoder: Sendable {
    public let limits: SnapshotLimits
    private var previous: Snapshot?
    private var interner: ProcessInterner
    /// Starts at a random point of the refresh period: a server's agents all reconnect at once after it restarts,
    /// and refreshes in step made every node's interner refresh within the same second, every 2 minutes (~0.6 s
    /// of CPU at 1,000 nodes of 100 pods, a burst in every page's latency).
    private var deltas = Int.random(in: 0..<Self.internerRefresh)
    /// Every this many deltas (2 minutes at 5 s) the interner forgets values of ended processes: re-inserting a
    /// node's live arrays costs about half a millisecond at 100 pods.
    private static let internerRefresh = 24

    /// - Parameter redaction: applied to every command line before the decoder keeps it (the server's
    ///   ``CommandLineRedaction/standard`` unless `--show-secrets`); nil keeps command lines as sent.
    public init(limits: SnapshotLimits = .standard, redaction: CommandLineRedaction? = nil) {
        self.limits = limits
        self.interner = ProcessInterner(redaction: redaction)
    }

    /// The full snapshot a Snapshot frame stands for. A delta without a previous keyframe is an error.
    public mutating func snapshot(
        from frame: Frame,
        maximumLength: Int = Frame.defaultMaximumLength
    ) throws(WireError) -> Snapshot {
        var full: Snapshot
        let payload = try WireMessage.payload(frame, maximumLength: maximumLength)
        try SnapshotCensus.check(payload, limits: self.limits)
        if frame.flags.contains(.keyframe) {
            full = try Snapshot(keyframe: try WireMessage.message(payload))
            do {
                try self.limits.check(full)
            } catch {
                throw WireError.refused(error)
            }
            self.interner = ProcessInterner(redaction: self.interner.redaction)
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
            full = try DeltaDecoding.apply(
                try DeltaPayload.decode(payload),
                to: previous,
                limits: self.limits,
                interner: &self.interner
            )
            self.deltas += 1
            if self.deltas % Self.internerRefresh == 0 { self.interner.forgetAllBut(full) }
        }
        // The server keeps processes packed; packing here, before the decoder keeps the snapshot as the base of
        // the next delta, means the cache and the decoder share one packed copy.
        full.packProcesses()
        self.previous = full
        return full
    }
}
