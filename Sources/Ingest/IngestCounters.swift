public import ServerMetrics
import Synchronization

/// What ingest has seen, for logs, `/api/v1/server` and tests.
public final class IngestCounters: Sendable {
    private let accepted = Atomic<Int>(0)
    private let rejected = Atomic<Int>(0)
    private let malformed = Atomic<Int>(0)
    private let snapshots = Atomic<Int>(0)
    private let replaced = Atomic<Int>(0)
    private let refusedSnapshots = Atomic<Int>(0)
    private let handshakeTimeouts = Atomic<Int>(0)
    private let overLimit = Atomic<Int>(0)
    private let tlsFailures = Atomic<Int>(0)
    private let refusedIdentities = Atomic<Int>(0)
    private let unverifiedIdentities = Atomic<Int>(0)
    private let refusals = Mutex<[Refusal]>([])

    /// How many refusals `/api/v1/server` lists (the newest).
    package static let refusalsKept = 32

    /// The server's `podwatch_*` series; each count here is recorded there too.
    private let metrics: ServerMetrics?

    public init(metrics: ServerMetrics? = nil) {
        self.metrics = metrics
    }

    package func connectionAccepted() {
        self.accepted.add(1, ordering: .relaxed)
        self.metrics?.connectionAccepted()
    }
    package func connectionRejected() {
        self.rejected.add(1, ordering: .relaxed)
        self.metrics?.connectionRejected()
    }
    package func malformedFrame() {
        self.malformed.add(1, ordering: .relaxed)
        self.metrics?.frameRefused()
    }
    package func snapshotReceived() {
        self.snapshots.add(1, ordering: .relaxed)
        self.metrics?.snapshotReceived()
    }
    package func sessionReplaced() { self.replaced.add(1, ordering: .relaxed) }
    package func handshakeTimedOut() { self.handshakeTimeouts.add(1, ordering: .relaxed) }
    package func connectionOverLimit() { self.overLimit.add(1, ordering: .relaxed) }
    package func tlsFailed() {
        self.tlsFailures.add(1, ordering: .relaxed)
        self.metrics?.tlsHandshakeFailed()
    }
    package func identityRefused() { self.refusedIdentities.add(1, ordering: .relaxed) }
    package func identityUnverified() { self.unverifiedIdentities.add(1, ordering: .relaxed) }

    /// A snapshot past a limit: counted, and kept among the newest refusals with its reason.
    package func snapshotRefused(_ refusal: Refusal) {
        self.refusedSnapshots.add(1, ordering: .relaxed)
        self.metrics?.frameRefused()
        self.refusals.withLock { list in
            list.append(refusal)
            if list.count > Self.refusalsKept { list.removeFirst(list.count - Self.refusalsKept) }
        }
    }

    /// The newest refusal of `node`'s snapshots, if any is still kept.
    public func lastRefusal(of node: String) -> Refusal? {
        self.refusals.withLock { $0.last { $0.node == node } }
    }

    /// A consistent-enough copy of the counters.
    public var values: Values {
        Values(
            connectionsAccepted: self.accepted.load(ordering: .relaxed),
            connectionsRejected: self.rejected.load(ordering: .relaxed),
            malformedFrames: self.malformed.load(ordering: .relaxed),
            snapshotsReceived: self.snapshots.load(ordering: .relaxed),
            sessionsReplaced: self.replaced.load(ordering: .relaxed),
            snapshotsRefused: self.refusedSnapshots.load(ordering: .relaxed),
            handshakeTimeouts: self.handshakeTimeouts.load(ordering: .relaxed),
            connectionsOverLimit: self.overLimit.load(ordering: .relaxed),
            tlsHandshakesFailed: self.tlsFailures.load(ordering: .relaxed),
            identitiesRefused: self.refusedIdentities.load(ordering: .relaxed),
            identitiesUnverified: self.unverifiedIdentities.load(ordering: .relaxed),
            recentRefusals: self.refusals.withLock { $0 }
        )
    }

    public struct Values: Sendable, Hashable, Codable {
        public var connectionsAccepted: Int
        public var connectionsRejected: Int
        public var malformedFrames: Int
        public var snapshotsReceived: Int
        public var sessionsReplaced: Int
        /// Snapshots refused past a limit (docs/wire-protocol.md#limits); the connection was closed each time.
        public var snapshotsRefused: Int
        /// Connections closed for sending no Hello within the deadline.
        public var handshakeTimeouts: Int
        /// Connections closed at once because a connection cap was reached.
        public var connectionsOverLimit: Int
        /// Connections that ended in a failed TLS handshake (a plain client, an untrusted certificate).
        public var tlsHandshakesFailed: Int
        /// Hellos whose service-account token the API server refused, or bound to another node or account.
        public var identitiesRefused: Int
        /// Hellos refused because the API server could not be asked (unreachable, RBAC missing).
        public var identitiesUnverified: Int
        /// The newest refusals, oldest first.
        public var recentRefusals: [Refusal]
    }

    /// One refused snapshot: which node, when (server time), and the field, value and limit.
    public struct Refusal: Sendable, Hashable, Codable {
        public var node: String
        public var wallMilliseconds: Int64
        public var field: String
        public var value: String
        public var limit: String
    }
}
