import Logging
package import NodeStore
import Telemetry
package import Wire

/// What an authenticated agent connection does with each frame: snapshots are decoded, held to the limits and
/// stored for the node named in Hello; command results go to the profiles; anything else is skipped or ends the
/// connection. No I/O: the session reads and writes, and the whole-path fuzzer drives this same code.
package struct IngestConnection: Sendable {
    package let node: String
    package let configuration: IngestConfiguration
    package let cache: LiveCache
    package let counters: IngestCounters
    package let profiles: any CommandResultReceiver
    private var snapshots: SnapshotDecoder

    package init(
        node: String,
        configuration: IngestConfiguration,
        cache: LiveCache,
        counters: IngestCounters,
        profiles: any CommandResultReceiver
    ) {
        self.node = node
        self.configuration = configuration
        self.cache = cache
        self.counters = counters
        self.profiles = profiles
        self.snapshots = SnapshotDecoder(
            limits: configuration.snapshotLimits,
            redaction: configuration.commandLineRedaction
        )
    }

    /// Handles one frame. A WireError ends the connection; one with a ``WireError/violation`` is a snapshot
    /// refused past a limit (already counted here), which the session answers with a Reject naming it.
    package mutating func receive(_ frame: Frame, wallMilliseconds: Int64) throws(WireError) {
        let maximum = self.configuration.maximumFrameLength
        if frame.type == .snapshot {
            let snapshot: Snapshot
            do {
                snapshot = try self.snapshots.snapshot(from: frame, maximumLength: maximum)
            } catch {
                if let violation = error.violation { self.refused(violation, wallMilliseconds) }
                throw error
            }
            self.counters.snapshotReceived()
            self.cache.ingest(node: self.node, snapshot: snapshot, wallMilliseconds: wallMilliseconds)
            return
        }
        switch try WireMessage.decode(frame, maximumLength: maximum) {
        case .commandResult(let result, let final):
            self.profiles.receive(node: self.node, result, final: final, now: wallMilliseconds)
        case .snapshot, .heartbeat, .unknown:
            return
        case .hello, .welcome, .reject, .command:
            throw WireError.unexpectedFrame("\(frame.type) is not allowed after Hello")
        }
    }

    private func refused(_ violation: LimitViolation, _ wallMilliseconds: Int64) {
        self.counters.snapshotRefused(
            IngestCounters.Refusal(
                node: self.node,
                wallMilliseconds: wallMilliseconds,
                field: violation.field,
                value: violation.value,
                limit: violation.limit
            )
        )
    }
}
