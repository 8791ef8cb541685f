import Ingest
public import KubeClient
import Logging

/// How agents prove which node they speak for (`--agent-identity`).
public enum AgentIdentity: Sendable, Hashable {
    /// The shared token (`--token`): any holder may report as any node. Outside a cluster, and the simulation.
    case sharedToken
    /// Each agent's projected service-account token, checked with a TokenReview and bound to its pod's node.
    case kubernetes(KubernetesAgentIdentity)
}

/// What the server needs to check agents' service-account tokens.
public struct KubernetesAgentIdentity: Sendable, Hashable {
    /// How the server reaches the API server (its own service account in a cluster, or a kubeconfig).
    public var access: ClusterAccess
    /// The agents' service account; a token of any other is refused (any pod may mint a token for any audience).
    public var namespace: String
    public var serviceAccount: String
    /// The audience of the agents' projected tokens.
    public var audience: String
    /// How long one API call (the review, the pod GET) may take.
    public var deadline: Duration

    public init(
        access: ClusterAccess,
        namespace: String,
        serviceAccount: String,
        audience: String = "podwatch",
        deadline: Duration = .seconds(5)
    ) {
        self.access = access
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.audience = audience
        self.deadline = deadline
    }
}

/// Accepts a Hello when its token is the agents' service account's, bound to a pod on the node the Hello names.
struct KubernetesAgentVerifier: AgentVerifier {
    let reviewer: TokenReviewer
    let identity: KubernetesAgentIdentity
    let counters: IngestCounters
    let logger: Logger

    func verify(token: String, node: String) async -> AgentVerdict {
        guard !token.isEmpty else { return .refused("no token: the agent must present its service-account token") }
        switch await self.reviewer.review(token) {
        case .unavailable(let reason):
            self.counters.identityUnverified()
            self.logger.error("Cannot check an agent's token", metadata: ["error": "\(reason)"])
            return .refused("the server cannot check tokens right now; try again")
        case .refused(let reason):
            self.counters.identityRefused()
            return .refused(reason)
        case .bound(let binding):
            let expected = "system:serviceaccount:\(self.identity.namespace):\(self.identity.serviceAccount)"
            guard binding.username == expected else {
                self.counters.identityRefused()
                return .refused("the token belongs to \(binding.username), not the agents' service account")
            }
            guard binding.nodeName == node else {
                self.counters.identityRefused()
                return .refused(
                    "the token belongs to pod \(binding.podName) on node \(binding.nodeName), which may not report as \(node)"
                )
            }
            return .accepted(identity: "\(binding.username) on \(binding.nodeName)")
        }
    }
}
