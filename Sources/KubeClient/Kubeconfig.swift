import Foundation
public import Kube
import Yams

/// Reads a kubeconfig (`--kubeconfig`, for running an agent beside a cluster): the current context's server, CA
/// and user. Supports tokens, token files and client certificates (inline or as files, relative paths resolved
/// against the kubeconfig's directory); exec and auth-provider plugins are refused with a clear error.
public enum Kubeconfig: Sendable {
    struct Document: Decodable {
        var clusters: [Named<Cluster>]?
        var users: [Named<User>]?
        var contexts: [Named<Context>]?
        var currentContext: String?

        enum CodingKeys: String, CodingKey {
            case clusters, users, contexts
            case currentContext = "current-context"
        }
    }

    struct Named<Value: Decodable>: Decodable {
        var name: String
        var value: Value?

        enum CodingKeys: String, CodingKey {
            case name, cluster, user, context
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.name = try container.decode(String.self, forKey: .name)
            self.value =
                try container.decodeIfPresent(Value.self, forKey: .cluster)
                ?? container.decodeIfPresent(Value.self, forKey: .user)
                ?? container.decodeIfPresent(Value.self, forKey: .context)
        }
    }

    struct Cluster: Decodable {
        var server: String
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
        }
    }

    struct User: Decodable {
        var token: String?
        var tokenFile: String?
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var exec: Unsupported?
        var authProvider: Unsupported?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
        }
    }

    /// Present means: a plugin we do not run.
    struct Unsupported: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    struct Context: Decodable {
        var cluster: String
        var user: String?
    }

    /// The access the kubeconfig at `path` describes, for `context` (default: its current context).
    public static func access(path: String, context: String? = nil) throws(KubeError) -> ClusterAccess {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw KubeError("kubeconfig \(path): cannot be read") }
        let document: Document
        do {
            document = try YAMLDecoder().decode(Document.self, from: text)
        } catch {
            throw KubeError("kubeconfig \(path): not a kubeconfig (\(error))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try self.access(document, context: context, directory: directory, path: path)
    }

    static func access(
        _ document: Document,
        context wanted: String?,
        directory: String,
        path: String
    ) throws(KubeError) -> ClusterAccess {
        guard let contextName = wanted ?? document.currentContext else {
            throw KubeError("kubeconfig \(path): no current-context (pass a context)")
        }
        guard let context = document.contexts?.first(where: { $0.name == contextName })?.value else {
            throw KubeError("kubeconfig \(path): no context named '\(contextName)'")
        }
        guard let cluster = document.clusters?.first(where: { $0.name == context.cluster })?.value else {
            throw KubeError(
                "kubeconfig \(path): context '\(contextName)' names cluster '\(context.cluster)', not defined"
            )
        }
        let user = context.user.flatMap { name in document.users?.first { $0.name == name }?.value }
        if user?.exec != nil || user?.authProvider != nil {
            throw KubeError(
                "kubeconfig \(path): user of context '\(contextName)' uses an exec or auth-provider plugin, which "
                    + "podwatch-agent does not run; use a token, tokenFile or client certificate"
            )
        }
        func resolve(_ file: String) -> String { file.hasPrefix("/") ? file : directory + "/" + file }
        func bytes(data: String?, file: String?, what: String) throws(KubeError) -> [UInt8]? {
            if let data {
                guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                    throw KubeError("kubeconfig \(path): \(what)-data is not base64")
                }
                return Array(decoded)
            }
            guard let file else { return nil }
            guard let contents = FileManager.default.contents(atPath: resolve(file)) else {
                throw KubeError("kubeconfig \(path): \(what) \(resolve(file)) cannot be read")
            }
            return Array(contents)
        }
        let trust: ClusterAccess.Trust
        if cluster.insecureSkipTLSVerify == true {
            trust = .insecure
        } else if let pem = try bytes(
            data: cluster.certificateAuthorityData,
            file: cluster.certificateAuthority,
            what: "certificate-authority"
        ) {
            trust = .pem(pem)
        } else {
            trust = .system
        }
        let credentials: ClusterAccess.Credentials
        if let token = user?.token {
            credentials = .token(token)
        } else if let file = user?.tokenFile {
            credentials = .tokenFile(resolve(file))
        } else if let certificate = try bytes(
            data: user?.clientCertificateData,
            file: user?.clientCertificate,
            what: "client-certificate"
        ) {
            guard let key = try bytes(data: user?.clientKeyData, file: user?.clientKey, what: "client-key") else {
                throw KubeError("kubeconfig \(path): a client certificate without a client key")
            }
            credentials = .clientCertificate(certificate: certificate, key: key)
        } else {
            credentials = .none
        }
        return ClusterAccess(server: cluster.server, trust: trust, credentials: credentials)
    }
}
