import Synchronization
public import Telemetry

/// Hands snapshots from the sampler to the uplink, keeping only the newest one: while the server is
/// unreachable memory stays bounded, and on reconnect the freshest snapshot goes first.
public final class SnapshotMailbox: Sendable {
    private struct State {
        var pending: Snapshot?
        var latest: Snapshot?
        var waiter: CheckedContinuation<Snapshot?, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Offers a snapshot; replaces one not yet taken, and then says so (true: that one was never sent).
    @discardableResult
    public func put(_ snapshot: Snapshot) -> Bool {
        let (waiter, replaced) = self.state.withLock { state -> (CheckedContinuation<Snapshot?, Never>?, Bool) in
            state.latest = snapshot
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, false)
            }
            let replaced = state.pending != nil
            state.pending = snapshot
            return (nil, replaced)
        }
        waiter?.resume(returning: snapshot)
        return replaced
    }

    /// Sets the newest snapshot without offering it (a new server replica's first connection starts from it).
    public func seed(_ snapshot: Snapshot?) {
        self.state.withLock { state in
            if state.latest == nil { state.latest = snapshot }
        }
    }

    /// The most recent snapshot ever put (sent first on a new connection), if any.
    public var latest: Snapshot? { self.state.withLock { $0.latest } }

    /// Waits for the next snapshot; nil when the task is cancelled.
    public func take() async -> Snapshot? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = self.state.withLock { state -> Snapshot?? in
                    if let pending = state.pending {
                        state.pending = nil
                        return .some(pending)
                    }
                    if Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> CheckedContinuation<Snapshot?, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
