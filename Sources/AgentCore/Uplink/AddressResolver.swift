import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Every address a name resolves to (A and AAAA, through the system resolver as any process does: a
/// headless Service's records in a cluster), as numeric text, deduplicated and sorted. Runs on NIO's thread
/// pool (getaddrinfo blocks).
public enum AddressResolver: Sendable {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func resolve(_ name: String) async throws -> [String] {
        try await NIOThreadPool.singleton.runIfActive { try Self.resolveNow(name) }
    }

    static func resolveNow(_ name: String) throws(Failure) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        guard status == 0 else {
            throw Failure(description: "cannot resolve \(name.prefix(253)): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var addresses: Set<String> = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr {
                var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                if getnameinfo(
                    address,
                    current.pointee.ai_addrlen,
                    &host,
                    socklen_t(host.count),
                    nil,
                    0,
                    NI_NUMERICHOST
                )
                    == 0
                {
                    addresses.insert(
                        String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    )
                }
            }
            entry = current.pointee.ai_next
        }
        return addresses.sorted()
    }
}
