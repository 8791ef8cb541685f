/// The agent's side of a session's opening (docs/wire-protocol.md#session), shared by the agent and the load
/// simulator: the Hello it sends, and what the server's first answer means.
public enum AgentHandshake: Sendable {
    /// Who the agent says it is.
    public struct Identity: Sendable, Hashable {
        public var nodeName: String
        public var token: String?
        public var agentVersion: String
        public var capabilities: [String]

        public init(nodeName: String, token: String?, agentVersion: String, capabilities: [String] = []) {
            self.nodeName = nodeName
            self.token = token
            self.agentVersion = agentVersion
            self.capabilities = capabilities
        }
    }

    /// Why a session did not open.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The server closed the connection without answering (a Hello it could not read, or a timeout).
        case closed
        /// The server said no, and why.
        case rejected(Podwatch_V1_Reject)
        /// Something other than Welcome or Reject came first.
        case unexpected(FrameType)

        public var description: String {
            switch self {
            case .closed: "the server closed the connection before answering Hello"
            case .rejected(let reject): "rejected (\(reject.reason)): \(reject.message)"
            case .unexpected(let type): "expected Welcome or Reject, got \(type)"
            }
        }
    }

    /// What the server's Welcome settles for this session.
    public struct Session: Sendable, Hashable {
        /// How often to send a Heartbeat when nothing else is sent: the server's word, or ours when it gives none.
        public var heartbeatInterval: Duration
    }

    public static func hello(_ identity: Identity) -> Frame {
        var hello = Podwatch_V1_Hello()
        hello.protocolVersion = WireMessage.protocolVersion
        hello.agentVersion = identity.agentVersion
        hello.nodeName = identity.nodeName
        hello.token = identity.token ?? ""
        hello.capabilities = identity.capabilities
        return WireMessage.hello(hello).frame()
    }

    /// The session the server's first frame opens, or why it does not.
    public static func session(from reply: Frame?) throws -> Session {
        guard let reply else { throw Failure.closed }
        switch try WireMessage.decode(reply) {
        case .welcome(let welcome):
            // Never slower than the standard cadence: three missed heartbeats make a peer gone.
            let announced = Duration.seconds(Int64(welcome.heartbeatIntervalSeconds))
            let interval = announced > .zero ? min(announced, Heartbeat.interval) : Heartbeat.interval
            return Session(heartbeatInterval: interval)
        case .reject(let reject): throw Failure.rejected(reject)
        default: throw Failure.unexpected(reply.type)
        }
    }
}
