import Foundation
import Yams

/// The CLI's config file, kubeconfig-like: named contexts, one of them current.
///
/// ```yaml
/// current-context: prod
/// contexts:
///   - name: prod
///     server: https://podwatch.example.com
///     token-file: /home/me/.podwatch/read-token
///     admin-token-file: /home/me/.podwatch/admin-token
/// ```
struct ClientConfig: Decodable {
    struct Context: Decodable {
        var name: String
        var server: String?
        var token: String?
        var tokenFile: String?
        var adminToken: String?
        var adminTokenFile: String?

        enum CodingKeys: String, CodingKey {
            case name, server, token
            case tokenFile = "token-file"
            case adminToken = "admin-token"
            case adminTokenFile = "admin-token-file"
        }
    }

    var currentContext: String?
    var contexts: [Context] = []

    enum CodingKeys: String, CodingKey {
        case currentContext = "current-context"
        case contexts
    }

    /// The file at `path`; nil when there is none and the user did not name it.
    static func load(path: String, named: Bool) throws -> ClientConfig? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if named { throw CLIError(.usage, "cannot read the config file \(path)") }
            return nil
        }
        guard data.count <= 1 << 20 else { throw CLIError(.usage, "the config file \(path) is over 1 MiB") }
        do {
            return try YAMLDecoder().decode(ClientConfig.self, from: data)
        } catch {
            throw CLIError(.usage, "the config file \(path) is not valid: \(error)")
        }
    }

    func context(named name: String?) throws -> Context? {
        guard let wanted = name ?? self.currentContext else { return self.contexts.count == 1 ? self.contexts[0] : nil }
        guard let context = self.contexts.first(where: { $0.name == wanted }) else {
            let known = self.contexts.map(\.name).joined(separator: ", ")
            throw CLIError(
                .usage,
                "no context '\(wanted)' in the config file (it has: \(known.isEmpty ? "none" : known))"
            )
        }
        return context
    }
}
