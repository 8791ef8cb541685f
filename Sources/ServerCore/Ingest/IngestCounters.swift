import Synchronization

/// What ingest has seen, for logs, `/api/v1/server` and tests.
public final class IngestCounters: Sendable {
    private let accepted = Atomic<Int>(0)
    private let rejected = Atomic<Int>(0)
    private let malformed = Atomic<Int>(0)
    private let snapshots = Atomic<Int>(0)
    private let replaced = Atomic<Int>(0)

    public init() {}

    func connectionAccepted() { self.accepted.add(1, ordering: .relaxed) }
    func connectionRejected() { self.rejected.add(1, ordering: .relaxed) }
    func malformedFrame() { self.malformed.add(1, ordering: .relaxed) }
    func snapshotReceived() { self.snapshots.add(1, ordering: .relaxed) }
    func sessionReplaced() { self.replaced.add(1, ordering: .relaxed) }

    /// A consistent-enough copy of the counters.
    public var values: Values {
        Values(
            connectionsAccepted: self.accepted.load(ordering: .relaxed),
            connectionsRejected: self.rejected.load(ordering: .relaxed),
            malformedFrames: self.malformed.load(ordering: .relaxed),
            snapshotsReceived: self.snapshots.load(ordering: .relaxed),
            sessionsReplaced: self.replaced.load(ordering: .relaxed)
        )
    }

    public struct Values: Sendable, Hashable, Codable {
        public var connectionsAccepted: Int
        public var connectionsRejected: Int
        public var malformedFrames: Int
        public var snapshotsReceived: Int
        public var sessionsReplaced: Int
    }
}
