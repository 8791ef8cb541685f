#if canImport(Glibc)
import Glibc
#endif

/// `--replica-name`: printable ASCII without spaces, 1–63 bytes (it names the leader on every replica's pages and in
/// PostgreSQL's `application_name`).
public enum ReplicaName: Sendable {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func validated(_ name: String) throws(Invalid) -> String {
        guard (1...63).contains(name.utf8.count), name.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            let shown = String(
                String.UnicodeScalarView(
                    name.unicodeScalars.prefix(63).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? $0 : "?" }
                )
            )
            throw Invalid(
                description: "--replica-name: '\(shown)' must be 1-63 printable ASCII characters without spaces"
            )
        }
        return name
    }

    /// The default name: the machine's hostname (the pod's name in a cluster) made valid — at most 63 bytes,
    /// anything but printable ASCII as `-` — so that an odd or long hostname (an FQDN past 63 bytes) never stops
    /// the server; `podwatch-server` when there is none.
    public static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "podwatch-server" }
        return Self.fitted(buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
    }

    /// `bytes` as a valid name (see ``hostname()``).
    package static func fitted(_ bytes: [UInt8]) -> String {
        let name = String(
            decoding: bytes.prefix(63).map { (0x21...0x7E).contains($0) ? $0 : UInt8(ascii: "-") },
            as: UTF8.self
        )
        return name.isEmpty ? "podwatch-server" : name
    }
}
