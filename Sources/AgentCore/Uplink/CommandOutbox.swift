import Synchronization
public import Wire

/// Command results waiting for the server, in order. A result outlives a connection: what a broken connection
/// could not send goes out first on the next one, so a profile finished while the server was away is not lost.
/// Bounded: past `capacity` frames the oldest are dropped (and counted) rather than growing without limit.
public final class CommandOutbox: Sendable {
    private struct State {
        var frames: [Frame] = []
        var waiter: CheckedContinuation<Frame?, Never>?
        var dropped = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    public init(capacity: Int = 512) {
        self.capacity = capacity
    }

    public func put(_ frame: Frame) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Frame?, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.frames.append(frame)
            if state.frames.count > self.capacity {
                state.frames.removeFirst()
                state.dropped += 1
            }
            return nil
        }
        waiter?.resume(returning: frame)
    }

    /// Puts back a frame a connection failed to send, ahead of the others.
    func putBack(_ frame: Frame) {
        self.state.withLock { $0.frames.insert(frame, at: 0) }
    }

    /// Results dropped because the outbox was full.
    public var dropped: Int { self.state.withLock { $0.dropped } }

    /// Waits for the next frame; nil when the task is cancelled.
    func take() async -> Frame? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = self.state.withLock { state -> Frame?? in
                    if !state.frames.isEmpty { return .some(state.frames.removeFirst()) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> CheckedContinuation<Frame?, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
