/// Kubernetes' rules for label keys and values (`k8s.io/apimachinery` validation): a key is an optional DNS
/// subdomain prefix and `/`, then a name of at most 63 characters; a value is empty or such a name. Labels come
/// from agents and users alike, so both are checked against these before they are stored or matched.
public enum LabelSyntax: Sendable {
    /// Bytes of a label name (the part after the prefix) and of a value.
    public static let nameBytes = 63
    /// Bytes of a key's DNS-subdomain prefix.
    public static let prefixBytes = 253
    /// Bytes of a whole key: prefix, `/`, name.
    public static let keyBytes = prefixBytes + 1 + nameBytes

    /// Why `key` is not a label key; nil when it is one.
    public static func keyProblem(_ key: String) -> String? {
        let parts = key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "a label key has at most one '/'" }
        if parts.count == 2 {
            let prefix = parts[0]
            guard !prefix.isEmpty, prefix.count <= Self.prefixBytes,
                prefix.allSatisfy({ Self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }),
                prefix.first.map(Self.isAlphanumeric) == true, prefix.last.map(Self.isAlphanumeric) == true
            else { return "a label key's prefix is a DNS subdomain of at most \(Self.prefixBytes) characters" }
        }
        guard let name = parts.last, !name.isEmpty else { return "a label key needs a name" }
        return Self.isName(name)
            ? nil : "a label name is at most \(Self.nameBytes) of [A-Za-z0-9-_.], alphanumeric at both ends"
    }

    /// Why `value` is not a label value; nil when it is one.
    public static func valueProblem(_ value: String) -> String? {
        value.isEmpty || Self.isName(value.utf8)
            ? nil : "a label value is empty or at most \(Self.nameBytes) of [A-Za-z0-9-_.], alphanumeric at both ends"
    }

    private static func isName(_ bytes: some Collection<UInt8>) -> Bool {
        guard bytes.count <= Self.nameBytes, let first = bytes.first, Self.isAlphanumeric(first) else { return false }
        var last = first
        for byte in bytes {
            guard
                Self.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ".")
            else { return false }
            last = byte
        }
        return Self.isAlphanumeric(last)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
