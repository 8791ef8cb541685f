import Foundation
public import Kube

/// Where the API server is and how to prove who we are: the in-cluster service account, or a kubeconfig.
public struct ClusterAccess: Sendable, Hashable {
    /// `https://10.96.0.1:443` (no trailing slash).
    public var server: String
    public var trust: Trust
    public var credentials: Credentials

    public enum Trust: Sendable, Hashable {
        /// A PEM bundle on disk (the service account's `ca.crt`, or a kubeconfig's `certificate-authority`).
        case file(String)
        /// PEM bytes (a kubeconfig's `certificate-authority-data`, base64-decoded).
        case pem([UInt8])
        /// The system's trust store (a kubeconfig naming no CA).
        case system
        /// `insecure-skip-tls-verify: true` in a kubeconfig — honoured, and logged as a warning.
        case insecure
    }

    public enum Credentials: Sendable, Hashable {
        case none
        case token(String)
        /// Re-read before every request: projected service-account tokens are rotated by the kubelet.
        case tokenFile(String)
        /// PEM certificate and key (kind, kubeadm admin configs).
        case clientCertificate(certificate: [UInt8], key: [UInt8])
    }

    public init(server: String, trust: Trust, credentials: Credentials) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.trust = trust
        self.credentials = credentials
    }

    /// The standard in-cluster paths: the directory the kubelet mounts the service account into.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// In-cluster access: `KUBERNETES_SERVICE_HOST`/`_PORT`, the service account's token and CA bundle.
    /// Throws a sentence naming what is missing.
    public static func inCluster(
        environment: [String: String]? = nil,
        directory: String = Self.serviceAccountDirectory
    ) throws(KubeError) -> ClusterAccess {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubeError("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set")
        }
        let token = directory + "/token"
        let ca = directory + "/ca.crt"
        for file in [token, ca] where !FileManager.default.isReadableFile(atPath: file) {
            throw KubeError("in-cluster credentials: \(file) is missing or unreadable (is a service account mounted?)")
        }
        // An IPv6 service address needs brackets in a URL.
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return ClusterAccess(server: "https://\(authority)", trust: .file(ca), credentials: .tokenFile(token))
    }

    /// The bearer token to send now, read fresh from its file when it is one. nil without a token.
    func bearerToken() throws(KubeError) -> String? {
        switch self.credentials {
        case .token(let token):
            return token
        case .tokenFile(let path):
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)
            else { throw KubeError("cannot read the token file \(path)") }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw KubeError("the token file \(path) is empty") }
            return token
        case .none, .clientCertificate:
            return nil
        }
    }
}
