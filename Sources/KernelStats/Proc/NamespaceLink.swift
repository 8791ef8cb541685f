#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// `/proc/PID/ns/<type>`: a symlink whose target names the namespace, e.g. `net:[4026531833]`.
///
/// Two processes are in the same namespace exactly when the inode numbers are equal.
public enum NamespaceLink: Sendable {
    /// The namespace inode of `path` (e.g. `/proc/1/ns/net`), or nil when unreadable (process gone, no
    /// ptrace access).
    public static func inode(_ path: String) -> UInt64? {
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { chars -> Int in
                guard let base = chars.baseAddress else { return -1 }
                return readlink(path, base, chars.count)
            }
        }
        guard count > 0 else { return nil }
        return Self.parse(buffer[0..<count])
    }

    /// Parses `type:[inode]`.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        guard let open = bytes.firstIndex(of: 0x5B), let close = bytes.lastIndex(of: 0x5D), open < close else {
            return nil
        }
        return bytes[(open + 1)..<close].withUnsafeBufferPointer { $0[...].asUInt64 }
    }
}
