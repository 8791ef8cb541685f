import Synchronization

/// The largest frame a connection accepts now, shared between the frame decoder on the event loop and the
/// session that raises it: before authentication a peer may send only a small Hello (a 16 MiB frame could
/// otherwise be buffered and inflated for anyone who connects: security review H3); once the session has
/// welcomed the agent it raises the limit to the configured maximum.
public final class FrameLimit: Sendable {
    private let current: Atomic<Int>
    private let raised: Atomic<Bool>
    private let arrived: Atomic<Bool>

    /// Starts at `initial` bytes.
    public init(_ initial: Int) {
        self.current = Atomic(initial)
        self.raised = Atomic(false)
        self.arrived = Atomic(false)
    }

    /// Whether a whole frame has arrived on the connection (set by the decoder on the event loop): a deadline
    /// for the first frame holds the peer to when its bytes came, not to when the server got round to them.
    public var hasFrame: Bool { self.arrived.load(ordering: .acquiring) }

    func frameArrived() {
        self.arrived.store(true, ordering: .releasing)
    }

    /// The limit now.
    public var value: Int { self.current.load(ordering: .acquiring) }

    /// Whether the session has raised the limit (the peer is authenticated).
    public var isRaised: Bool { self.raised.load(ordering: .acquiring) }

    /// Raises the limit to `maximum` (the peer proved itself).
    public func raise(to maximum: Int) {
        self.current.store(maximum, ordering: .releasing)
        self.raised.store(true, ordering: .releasing)
    }
}
