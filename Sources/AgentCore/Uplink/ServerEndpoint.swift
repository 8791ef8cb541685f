import Wire

/// One `--server` value: a fixed `HOST:PORT`, or `dns+NAME:PORT` — every A/AAAA record of NAME is a server
/// replica (a Kubernetes headless Service), each streamed to over a connection of its own.
public enum ServerEndpoint: Sendable, Hashable, CustomStringConvertible {
    case fixed(host: String, port: Int)
    case dns(name: String, port: Int)

    public static let dnsPrefix = "dns+"

    /// Parses one value; nil when malformed.
    public static func parse(_ text: String) -> ServerEndpoint? {
        if text.hasPrefix(Self.dnsPrefix) {
            guard let (name, port) = IngestAddress.parse(String(text.dropFirst(Self.dnsPrefix.count))) else {
                return nil
            }
            return .dns(name: name, port: port)
        }
        return IngestAddress.parse(text).map { .fixed(host: $0.host, port: $0.port) }
    }

    /// `--server` values, or the comma-separated `PODWATCH_SERVER`, deduplicated in order. Throws the first
    /// malformed one (for the error message) and refuses more than 16 (each is a connection of its own).
    public static func parseAll(_ values: [String]) throws(Malformed) -> [ServerEndpoint] {
        var endpoints: [ServerEndpoint] = []
        for value in values.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let trimmed = String(value.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            guard let endpoint = Self.parse(trimmed) else {
                throw Malformed(value: String(trimmed.prefix(200)), reason: "is not HOST:PORT or dns+NAME:PORT")
            }
            if !endpoints.contains(endpoint) { endpoints.append(endpoint) }
        }
        guard endpoints.count <= Self.maximum else {
            throw Malformed(value: "\(endpoints.count) servers", reason: "are more than \(Self.maximum)")
        }
        return endpoints
    }

    public static let maximum = 16

    public struct Malformed: Error, Sendable, CustomStringConvertible {
        public var value: String
        public var reason: String
        public var description: String { "--server: '\(self.value)' \(self.reason)" }
    }

    public var description: String {
        switch self {
        case .fixed(let host, let port): IngestAddressText.text(host, port)
        case .dns(let name, let port): Self.dnsPrefix + IngestAddressText.text(name, port)
        }
    }
}

/// `host:port`, with IPv6 addresses in brackets.
enum IngestAddressText {
    static func text(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
