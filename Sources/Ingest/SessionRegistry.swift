package import NIOCore
import Synchronization
package import Wire

/// Which connection currently speaks for each node. A second connection for a node replaces the first:
/// the old channel is closed, and its late clean-up cannot unregister the new one (ids differ).
public final class SessionRegistry: Sendable {
    private struct Session: Sendable {
        var id: UInt64
        var channel: any Channel
        /// What the agent offered in Hello (`profiling`).
        var capabilities: [String]
        /// Frames for the agent (commands), written by the session's own task.
        var outbound: AsyncStream<Frame>.Continuation?
    }

    private let sessions = Mutex<[String: Session]>([:])
    private let nextID = Atomic<UInt64>(1)

    public init() {}

    /// Registers `channel` for `node` and returns its session id; closes a previous session of the node.
    /// Returns whether a previous session was replaced.
    package func register(
        node: String,
        channel: any Channel,
        capabilities: [String] = [],
        outbound: AsyncStream<Frame>.Continuation? = nil
    ) -> (id: UInt64, replaced: Bool) {
        let id = self.nextID.add(1, ordering: .relaxed).newValue
        let previous = self.sessions.withLock { sessions in
            let previous = sessions[node]
            sessions[node] = Session(id: id, channel: channel, capabilities: capabilities, outbound: outbound)
            return previous
        }
        previous?.channel.close(promise: nil)
        return (id, previous != nil)
    }

    /// Removes the session if it is still the node's current one; returns whether it was.
    package func unregister(node: String, id: UInt64) -> Bool {
        self.sessions.withLock { sessions in
            guard sessions[node]?.id == id else { return false }
            sessions[node] = nil
            return true
        }
    }

    /// Queues a frame for `node`'s agent; false when it has no connection.
    package func send(_ frame: Frame, to node: String) -> Bool {
        guard let outbound = self.sessions.withLock({ $0[node]?.outbound }) else { return false }
        if case .enqueued = outbound.yield(frame) { return true }
        return false
    }

    /// The capabilities `node`'s connected agent offered; nil when it has no connection.
    package func capabilities(of node: String) -> [String]? {
        self.sessions.withLock { $0[node]?.capabilities }
    }

    /// Nodes with a connected agent.
    public var connectedNodes: Set<String> {
        self.sessions.withLock { Set($0.keys) }
    }

    /// Closes every session (graceful shutdown).
    package func closeAll() {
        let channels = self.sessions.withLock { sessions in
            defer { sessions = [:] }
            return sessions.values.map(\.channel)
        }
        for channel in channels { channel.close(promise: nil) }
    }
}
