import Telemetry
package import Wire

/// The first frame of a connection, before the peer is known: it must be a small, uncompressed Hello whose
/// fields fit, carrying a token the verifier accepts, a supported version, a valid node name, and a place for the
/// node. Pure apart from the verifier: the session writes the answer.
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
        case welcome(Podwatch_V1_Hello, identity: String)
        /// Answer Reject and close; the node name as the peer gave it (for the log).
        case reject(Podwatch_V1_Reject, nodeName: String)
    }

    /// What to answer to the connection's first frame; a frame that is no Hello at all is a WireError. The token is
    /// checked first, so that nothing else is said to a stranger.
    package func answer(_ frame: Frame, verifier: any AgentVerifier) async throws(WireError) -> Outcome {
        let hello = try self.hello(frame)
        return self.decide(hello, verdict: await verifier.verify(token: hello.token, node: hello.nodeName))
    }

    /// The same with the shared token, without suspending (the fuzz harness).
    package func answer(_ frame: Frame) throws(WireError) -> Outcome {
        let hello = try self.hello(frame)
        return self.decide(hello, verdict: SharedTokenVerifier(token: self.configuration.token).verdict(hello.token))
    }

    /// The decoded Hello, or why the frame is none.
    private func hello(_ frame: Frame) throws(WireError) -> Podwatch_V1_Hello {
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
        return hello
    }

    private func decide(_ hello: Podwatch_V1_Hello, verdict: AgentVerdict) -> Outcome {
        switch verdict {
        case .refused(let reason):
            return .reject(Self.reject(.badToken, reason), nodeName: hello.nodeName)
        case .accepted(let identity):
            if let reason = self.refusal(hello) { return .reject(reason, nodeName: hello.nodeName) }
            return .welcome(hello, identity: identity)
        }
    }

    /// Why a Hello from a verified agent is refused, or nil.
    private func refusal(_ hello: Podwatch_V1_Hello) -> Podwatch_V1_Reject? {
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
