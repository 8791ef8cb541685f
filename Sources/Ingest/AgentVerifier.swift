/// Decides whether the token in a Hello may speak for the node the Hello names. The shared token lets any holder
/// report as any node; a Kubernetes verifier binds each token to the one node its pod runs on.
public protocol AgentVerifier: Sendable {
    func verify(token: String, node: String) async -> AgentVerdict
}

public enum AgentVerdict: Sendable, Hashable {
    /// Who the agent is (for the log, and so that only the same identity may replace a node's connection).
    case accepted(identity: String)
    /// Why not: said to the agent in the Reject and logged.
    case refused(String)
}

/// The shared token (`--token`), compared in constant time; nil accepts any agent.
public struct SharedTokenVerifier: AgentVerifier {
    public let token: String?

    public init(token: String?) {
        self.token = token
    }

    public func verify(token: String, node: String) async -> AgentVerdict {
        self.verdict(token)
    }

    public func verdict(_ presented: String) -> AgentVerdict {
        guard let token = self.token else { return .accepted(identity: "any agent (no token configured)") }
        return TokenCheck.matches(presented, token)
            ? .accepted(identity: "the shared token") : .refused(Self.wrongToken)
    }

    static let wrongToken = "wrong or missing token"
}
