import Telemetry
package import Wire

/// The first frame of a connection, before the peer is known: it must be a small, uncompressed Hello whose
/// fields fit, carrying the token, a supported version, a valid node name, and a place for the node. Pure: the
/// session writes the answer.
package struct IngestHandshake: Sendable {
    package let configuration: IngestConfiguration
    /// Whether the server holds `node` already, and how many nodes it holds (for the node cap).
    package let knows: @Sendable (_ node: String) -> Bool
    package let nodeCount: @Sendable () -> Int

    /// At most this many capabilities of at most this many bytes each, and an agent version of at most this many.
    package static let capabilities = 16
    package static let fieldBytes = 64

    package init(
        configuration: IngestConfiguration,
        knows: @escaping @Sendable (_ node: String) -> Bool,
        nodeCount: @escaping @Sendable () -> Int
    ) {
        self.configuration = configuration
        self.knows = knows
        self.nodeCount = nodeCount
    }

    package enum Outcome: Sendable {
        /// Welcome the agent.
        case welcome(Podwatch_V1_Hello)
        /// Answer Reject and close; the node name as the peer gave it (for the log).
        case reject(Podwatch_V1_Reject, nodeName: String)
    }

    /// What to answer to the connection's first frame; a frame that is no Hello at all is a WireError.
    package func answer(_ frame: Frame) throws(WireError) -> Outcome {
        guard frame.type == .hello else {
            throw WireError.unexpectedFrame("the first frame must be Hello, got \(frame.type)")
        }
        guard !frame.flags.contains(.compressed) else {
            throw WireError.unexpectedFrame("Hello must not be compressed")
        }
        guard
            case .hello(let hello) = try WireMessage.decode(frame, maximumLength: self.configuration.helloMaximumLength)
        else {
            throw WireError.unexpectedFrame("the first frame must be Hello, got \(frame.type)")
        }
        if let reason = self.refusal(hello) { return .reject(reason, nodeName: hello.nodeName) }
        return .welcome(hello)
    }

    /// Why a Hello is refused, or nil. The token is checked first, so that nothing else is said to a stranger.
    private func refusal(_ hello: Podwatch_V1_Hello) -> Podwatch_V1_Reject? {
        if let token = self.configuration.token, !TokenCheck.matches(hello.token, token) {
            return Self.reject(.badToken, "wrong or missing token")
        }
        if hello.protocolVersion != WireMessage.protocolVersion {
            return Self.reject(
                .unsupportedVersion,
                "protocol version \(hello.protocolVersion) is not supported; this server speaks \(WireMessage.protocolVersion)"
            )
        }
        if !NodeName.isValid(hello.nodeName) {
            return Self.reject(.invalidNodeName, "node name must be 1-253 bytes of printable text")
        }
        let fieldsFit =
            hello.capabilities.count <= Self.capabilities
            && hello.capabilities.allSatisfy { $0.utf8.count <= Self.fieldBytes && NodeName.isPrintable($0) }
            && hello.agentVersion.utf8.count <= Self.fieldBytes && NodeName.isPrintable(hello.agentVersion)
        if !fieldsFit {
            return Self.reject(
                .protocolError,
                "at most \(Self.capabilities) capabilities; capabilities and agent version of at most \(Self.fieldBytes) printable bytes"
            )
        }
        let maximum = self.configuration.maximumNodes
        if maximum > 0, !self.knows(hello.nodeName), self.nodeCount() >= maximum {
            return Self.reject(.serverFull, "this server holds its maximum of \(maximum) nodes (--max-nodes)")
        }
        return nil
    }

    package static func reject(_ reason: Podwatch_V1_Reject.Reason, _ message: String) -> Podwatch_V1_Reject {
        var reject = Podwatch_V1_Reject()
        reject.reason = reason
        reject.message = message
        return reject
    }
}
