import Foundation
import Yams

/// The bundled manifests as objects, with the user's values put in: the namespace (every object's, the
/// ClusterRoleBindings' subjects, the server's address in the agent's flags), the image registry and tag, and the
/// Ingress only with a host.
struct ManifestSet {
    struct Values {
        var namespace = "podwatch"
        var imageRegistry: String?
        var imageTag: String?
        var ingressHost: String?
    }

    static let bundledNamespace = "podwatch"
    static let bundledRegistry = "ghcr.io/podwatch"

    var objects: [JSONValue]

    init(values: Values) throws {
        guard Self.isDNSLabel(values.namespace) else {
            throw CLIError(.usage, "--namespace: '\(values.namespace)' is not a DNS label (a-z, 0-9, '-', ≤ 63)")
        }
        var objects: [JSONValue] = []
        for (name, text) in BundledManifests.files {
            if name == "ingress.yaml", values.ingressHost == nil { continue }
            for document in text.components(separatedBy: "\n---\n") {
                let value = try YAMLDecoder().decode(JSONValue.self, from: document)
                guard case .object = value else { continue }
                objects.append(Self.rewrite(value, values))
            }
        }
        self.objects = objects
    }

    /// The objects as YAML documents, as `kubectl apply -f` reads them.
    func yaml() throws -> String {
        let encoder = YAMLEncoder()
        return try self.objects.map { try encoder.encode($0) }.joined(separator: "---\n")
    }

    static func rewrite(_ value: JSONValue, _ values: Values) -> JSONValue {
        switch value {
        case .object(var fields):
            for (key, field) in fields {
                if key == "namespace", field == .string(Self.bundledNamespace) {
                    fields[key] = .string(values.namespace)
                } else if key == "host", let host = values.ingressHost {
                    fields[key] = .string(host)
                } else {
                    fields[key] = Self.rewrite(field, values)
                }
            }
            if fields["kind"] == .string("Namespace"), case .object(var metadata) = fields["metadata"] {
                metadata["name"] = .string(values.namespace)
                fields["metadata"] = .object(metadata)
            }
            return .object(fields)
        case .array(let items):
            return .array(items.map { Self.rewrite($0, values) })
        case .string(let text):
            return .string(Self.rewrite(text, values))
        default:
            return value
        }
    }

    static func rewrite(_ text: String, _ values: Values) -> String {
        var text =
            text
            .replacingOccurrences(of: ".\(Self.bundledNamespace).svc", with: ".\(values.namespace).svc")
            .replacingOccurrences(
                of: "--agent-service-account=\(Self.bundledNamespace):",
                with: "--agent-service-account=\(values.namespace):"
            )
        if text.hasPrefix(Self.bundledRegistry + "/podwatch-"), let colon = text.lastIndex(of: ":") {
            let image = text[text.index(text.startIndex, offsetBy: Self.bundledRegistry.count + 1)..<colon]
            let tag = values.imageTag ?? String(text[text.index(after: colon)...])
            text = "\(values.imageRegistry ?? Self.bundledRegistry)/\(image):\(tag)"
        }
        return text
    }

    static func isDNSLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
        else { return false }
        return bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") }
    }
}
