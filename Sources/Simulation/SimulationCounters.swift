import Synchronization

/// What the simulated agents did, shared by all of them: read by the periodic report and the final totals.
public final class SimulationCounters: Sendable {
    private let connected = Atomic<Int>(0)
    private let connects = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)
    private let rejects = Atomic<Int>(0)
    private let keyframes = Atomic<Int>(0)
    private let deltas = Atomic<Int>(0)
    private let keyframeBytes = Atomic<Int>(0)
    private let deltaBytes = Atomic<Int>(0)

    public init() {}

    func connectionOpened() {
        self.connects.add(1, ordering: .relaxed)
        self.connected.add(1, ordering: .relaxed)
    }

    func connectionClosed() { self.connected.subtract(1, ordering: .relaxed) }
    func connectionFailed() { self.failures.add(1, ordering: .relaxed) }
    func rejected() { self.rejects.add(1, ordering: .relaxed) }

    func sent(bytes: Int, keyframe: Bool) {
        if keyframe {
            self.keyframes.add(1, ordering: .relaxed)
            self.keyframeBytes.add(bytes, ordering: .relaxed)
        } else {
            self.deltas.add(1, ordering: .relaxed)
            self.deltaBytes.add(bytes, ordering: .relaxed)
        }
    }

    public var values: Values {
        Values(
            connected: self.connected.load(ordering: .relaxed),
            connects: self.connects.load(ordering: .relaxed),
            connectFailures: self.failures.load(ordering: .relaxed),
            rejects: self.rejects.load(ordering: .relaxed),
            keyframes: self.keyframes.load(ordering: .relaxed),
            deltas: self.deltas.load(ordering: .relaxed),
            keyframeBytes: self.keyframeBytes.load(ordering: .relaxed),
            deltaBytes: self.deltaBytes.load(ordering: .relaxed)
        )
    }

    public struct Values: Sendable, Hashable {
        public var connected: Int
        public var connects: Int
        public var connectFailures: Int
        public var rejects: Int
        public var keyframes: Int
        public var deltas: Int
        public var keyframeBytes: Int
        public var deltaBytes: Int

        /// Snapshot frames written to sockets (keyframes and deltas).
        public var snapshotsSent: Int { self.keyframes + self.deltas }
        public var meanDeltaBytes: Int { self.deltas == 0 ? 0 : self.deltaBytes / self.deltas }
        public var meanKeyframeBytes: Int { self.keyframes == 0 ? 0 : self.keyframeBytes / self.keyframes }
    }
}
