import Kube
import Telemetry

/// Whose projected service-account token an agent presented, and on which node that token's pod runs: a
/// TokenReview (the API server checks signature, expiry, audience and that the pod still exists), then the node
/// from the review's extra fields, or from the pod's `spec.nodeName` where the cluster does not set them.
/// Needs RBAC `create tokenreviews` and `get pods`.
public struct TokenReviewer: Sendable {
    /// Who a token belongs to.
    public struct Binding: Sendable, Hashable {
        public var namespace: String
        public var serviceAccount: String
        public var podName: String
        public var nodeName: String

        /// `system:serviceaccount:NAMESPACE:NAME`
        public var username: String { "system:serviceaccount:\(self.namespace):\(self.serviceAccount)" }
    }

    public enum Outcome: Sendable, Hashable {
        case bound(Binding)
        /// The token proves nothing (expired, wrong audience, not bound to a pod, the pod is gone…).
        case refused(String)
        /// The API could not be asked (unreachable, no RBAC): the agent should try again later.
        case unavailable(String)
    }

    public let client: KubeAPIClient
    public let audience: String
    public let deadline: Duration

    public init(client: KubeAPIClient, audience: String, deadline: Duration = .seconds(5)) {
        self.client = client
        self.audience = audience
        self.deadline = deadline
    }

    public func review(_ token: String) async -> Outcome {
        let answer: TokenReview
        do {
            answer = try await self.client.create(
                TokenReview(token: token, audiences: [self.audience]),
                path: "/apis/authentication.k8s.io/v1/tokenreviews",
                answer: TokenReview.self,
                deadline: self.deadline
            )
        } catch {
            return .unavailable("TokenReview failed (may the server's service account create tokenreviews?): \(error)")
        }
        guard let status = answer.status, status.authenticated == true else {
            let reason = answer.status?.error.map { ": \(LimitViolation.printable($0))" } ?? ""
            return .refused("the API server did not accept the token\(reason)")
        }
        guard status.audiences?.contains(self.audience) == true else {
            return .refused("the token is not meant for audience \(self.audience)")
        }
        let parts = (status.user?.username ?? "").split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount",
            KubeName.isValid(parts[2]), KubeName.isValid(parts[3])
        else {
            return .refused("the token is not a service account's")
        }
        let extra = status.user?.extra ?? [:]
        guard let podName = Self.single(extra[TokenReview.ExtraKey.podName]) else {
            return .refused("the token is not bound to a pod (mount a projected token with audience \(self.audience))")
        }
        var binding = Binding(
            namespace: String(parts[2]),
            serviceAccount: String(parts[3]),
            podName: podName,
            nodeName: ""
        )
        if let node = Self.single(extra[TokenReview.ExtraKey.nodeName]) {
            binding.nodeName = node
            return .bound(binding)
        }
        return await self.nodeOfPod(binding, uid: extra[TokenReview.ExtraKey.podUID]?.first)
    }

    /// Clusters before 1.30 name no node in the review: the pod's `spec.nodeName`, if it is still that pod.
    private func nodeOfPod(_ binding: Binding, uid: String?) async -> Outcome {
        let pod: KubePod
        do {
            pod = try await self.client.object(
                KubePod.self,
                path: "/api/v1/namespaces/\(binding.namespace)/pods/\(binding.podName)",
                deadline: self.deadline
            )
        } catch  where error.status == 404 {
            return .refused("the token's pod \(binding.namespace)/\(binding.podName) no longer exists")
        } catch {
            return .unavailable("GET of the token's pod failed (may the server's service account get pods?): \(error)")
        }
        if let uid, pod.metadata.uid != uid {
            return .refused("the token's pod \(binding.namespace)/\(binding.podName) was replaced")
        }
        guard let node = pod.spec?.nodeName, KubeName.isValid(node) else {
            return .refused("the token's pod \(binding.namespace)/\(binding.podName) is not on a node")
        }
        var bound = binding
        bound.nodeName = node
        return .bound(bound)
    }

    /// Exactly one valid name, or nil.
    private static func single(_ values: [String]?) -> String? {
        guard let values, values.count == 1, KubeName.isValid(values[0]) else { return nil }
        return values[0]
    }
}
