/// `authentication.k8s.io/v1` TokenReview: what the server POSTs to ask the API server whose token an agent
/// presented, and the parts of the answer it reads. The answer is hostile input like any other: every field is
/// optional here and checked by whoever reads it.
public struct TokenReview: Codable, Sendable, Hashable {
    public var apiVersion = "authentication.k8s.io/v1"
    public var kind = "TokenReview"
    public var spec: Spec
    public var status: Status?

    public struct Spec: Codable, Sendable, Hashable {
        public var token: String
        /// The audiences the token must be valid for (a projected token's `audience`).
        public var audiences: [String]?
    }

    public struct Status: Codable, Sendable, Hashable {
        public var authenticated: Bool?
        public var user: UserInfo?
        /// The audiences the token is valid for, among those asked.
        public var audiences: [String]?
        public var error: String?
    }

    public struct UserInfo: Codable, Sendable, Hashable {
        /// `system:serviceaccount:NAMESPACE:NAME` for a service-account token.
        public var username: String?
        public var uid: String?
        public var groups: [String]?
        /// For a token bound to a pod: `authentication.kubernetes.io/pod-name`, `…/pod-uid`, and (Kubernetes
        /// 1.30+) `…/node-name`, `…/node-uid`.
        public var extra: [String: [String]]?
    }

    /// The extra keys the API server sets for a pod-bound service-account token.
    public enum ExtraKey: Sendable {
        public static let podName = "authentication.kubernetes.io/pod-name"
        public static let podUID = "authentication.kubernetes.io/pod-uid"
        public static let nodeName = "authentication.kubernetes.io/node-name"
    }

    public init(token: String, audiences: [String]) {
        self.spec = Spec(token: token, audiences: audiences)
    }
}
