import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// `--replica-name`: printable ASCII, 1–63 bytes (it names the leader on every replica's pages and in
/// PostgreSQL's `application_name`).
enum ReplicaName {
    static func validated(_ name: String) throws -> String {
        guard (1...63).contains(name.utf8.count), name.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ValidationError(
                "--replica-name: '\(name.prefix(63))' must be 1-63 printable ASCII characters without spaces"
            )
        }
        return name
    }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "podwatch-server" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "podwatch-server" : name
    }
}
