#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a token from a file (a mounted Kubernetes Secret), without its trailing newline.
public enum TokenFile: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func read(_ path: String) throws(Failure) -> String {
        guard let file = fopen(path, "r") else { throw Failure(description: "token file \(path) cannot be opened") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { bytes.removeLast() }
        guard !bytes.isEmpty else { throw Failure(description: "token file \(path) is empty") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
