import ArgumentParser
import Kube
import KubeClient
import ServerCore

#if canImport(Glibc)
import Glibc
#endif

/// How agents prove which node they speak for: `--agent-identity kubernetes` checks each agent's projected
/// service-account token with the API server; `token` (the default) is the shared `--token`.
struct AgentIdentityOptions: ParsableArguments {
    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case token
        case kubernetes
    }

    @Option(
        help:
            "How agents prove their node: token (the shared --token) or kubernetes (each agent's service-account token, checked with a TokenReview) (env PODWATCH_AGENT_IDENTITY)."
    )
    var agentIdentity: Mode?

    @Option(help: "With --agent-identity kubernetes: the agents' service account as NAMESPACE:NAME.")
    var agentServiceAccount = "podwatch:podwatch-agent"

    @Option(help: "With --agent-identity kubernetes: the audience of the agents' projected tokens.")
    var agentTokenAudience = "podwatch"

    @Option(
        help:
            "With --agent-identity kubernetes: reach the API server through this kubeconfig instead of the in-cluster service account (env PODWATCH_KUBECONFIG)."
    )
    var kubeconfig: String?

    /// The identity mode; `sharedToken` says whether a `--token` was given too (the modes exclude each other).
    func identity(sharedToken: Bool) throws -> AgentIdentity {
        let environment = getenv("PODWATCH_AGENT_IDENTITY").map { String(cString: $0) }
        let named = self.agentIdentity ?? environment.flatMap { Mode(rawValue: $0) }
        if let environment, !environment.isEmpty, self.agentIdentity == nil, named == nil {
            throw ValidationError("PODWATCH_AGENT_IDENTITY: '\(environment)' is not token or kubernetes")
        }
        guard named == .kubernetes else { return .sharedToken }
        guard !sharedToken else {
            throw ValidationError(
                "--agent-identity kubernetes checks each agent's own token: drop --token / --token-file / PODWATCH_TOKEN"
            )
        }
        let parts = self.agentServiceAccount.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, KubeName.isValid(parts[0]), KubeName.isValid(parts[1]) else {
            throw ValidationError("--agent-service-account: '\(self.agentServiceAccount)' is not NAMESPACE:NAME")
        }
        guard !self.agentTokenAudience.isEmpty else { throw ValidationError("--agent-token-audience is empty") }
        let access: ClusterAccess
        do {
            if let path = self.kubeconfig ?? getenv("PODWATCH_KUBECONFIG").map({ String(cString: $0) }) {
                access = try Kubeconfig.access(path: path)
            } else {
                access = try ClusterAccess.inCluster()
            }
        } catch {
            throw ValidationError("--agent-identity kubernetes needs the API server: \(error)")
        }
        return .kubernetes(
            KubernetesAgentIdentity(
                access: access,
                namespace: String(parts[0]),
                serviceAccount: String(parts[1]),
                audience: self.agentTokenAudience
            )
        )
    }
}
