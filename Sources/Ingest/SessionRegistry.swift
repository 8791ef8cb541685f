package import NIOCore
import Synchronization
package import Wire

/// Which connection currently speaks for each node. A second connection for a node replaces the first only
/// under the same identity: the old channel is closed, and its late clean-up cannot unregister the new one (ids
/// differ). Another identity is refused while the first is connected.
public final class SessionRegistry: Sendable {
    private struct Session: Sendable {
        var id: UInt64
        /// Who the verifier said the agent is.
        var identity: String
        var channel: any Channel
        /// What the agent offered in Hello (`profiling`).
        var capabilities: [String]
        /// Frames for the agent (commands), written by the session's own task.
        var outbound: AsyncStream<Frame>.Continuation?
    }

    private let sessions = Mutex<[String: Session]>([:])
    private let nextID = Atomic<UInt64>(1)

    public init() {}

    package enum Registration: Sendable, Equatable {
        /// The session's id, and the peer address of the session it replaced (closed), if any.
        case registered(id: UInt64, replaced: String?)
        /// The node is connected under this other identity; nothing changed.
        case heldByAnother(String)
    }

    /// Registers `channel` for `node` under `identity`, closing a previous session of the same identity.
    package func register(
        node: String,
        identity: String,
        channel: any Channel,
        capabilities: [String] = [],
        outbound: AsyncStream<Frame>.Continuation? = nil
    ) -> Registration {
        let id = self.nextID.add(1, ordering: .relaxed).newValue
        let session = Session(
            id: id,
            identity: identity,
            channel: channel,
            capabilities: capabilities,
            outbound: outbound
        )
        let outcome = self.sessions.withLock { sessions -> (replaced: Session?, holder: String?) in
            let previous = sessions[node]
            if let previous, previous.identity != identity { return (nil, previous.identity) }
            sessions[node] = session
            return (previous, nil)
        }
        if let holder = outcome.holder { return .heldByAnother(holder) }
        let replaced = outcome.replaced
        replaced?.channel.close(promise: nil)
        return .registered(id: id, replaced: replaced.map { $0.channel.remoteAddress?.description ?? "unknown" })
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
