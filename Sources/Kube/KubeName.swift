/// Kubernetes object names as the API validates them (a DNS-1123 subdomain: at most 253 lowercase letters,
/// digits, `-` and `.`, starting and ending alphanumeric). Names from an API answer are checked before they go
/// into a request path or a comparison.
public enum KubeName: Sendable {
    public static func isValid(_ name: some StringProtocol) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 253 else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        return alphanumeric(first) && alphanumeric(last)
            && bytes.allSatisfy { alphanumeric($0) || $0 == 0x2D || $0 == 0x2E }
    }
}
