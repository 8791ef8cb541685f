import Wire

/// One `--server` value: a fixed `HOST:PORT`, or `dns+NAME:PORT` — every A/AAAA record of NAME is a server
/// replica (a Kubernetes headless Service), each streamed to over a connection of its own.
public enum ServerEndpoint: Sendable, Hashable, CustomStringConvertible {
    case fixed(host: String, port: Int)
    case dns(name: String, port: Int)

    public static let dnsPrefix = "dns+"

    /// Parses one value; nil when malformed. A host or name is 1–253 bytes of printable ASCII without spaces
    /// (a NUL would cut the name the resolver sees; a control character would reach the logs).
    public static func parse(_ text: String) -> ServerEndpoint? {
        let dns = text.hasPrefix(Self.dnsPrefix)
        guard let (host, port) = IngestAddress.parse(String(dns ? text.dropFirst(Self.dnsPrefix.count) : text[...])),
            host.utf8.count <= 253, host.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else { return nil }
        return dns ? .dns(name: host, port: port) : .fixed(host: host, port: port)
    }

    /// `text` as it may be shown: printable ASCII, anything else as `?`, at most 200 characters.
    static func shown(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.prefix(200).map { $0.value >= 0x20 && $0.value < 0x7F ? $0 : "?" }
            )
        )
    }

    /// `--server` values, or the comma-separated `PODWATCH_SERVER`, deduplicated in order. Throws the first
    /// malformed one (for the error message) and refuses more than 16 (each is a connection of its own).
    public static func parseAll(_ values: [String]) throws(Malformed) -> [ServerEndpoint] {
        var endpoints: [ServerEndpoint] = []
        for value in values.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let trimmed = String(value.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            guard let endpoint = Self.parse(trimmed) else {
                throw Malformed(value: Self.shown(trimmed), reason: "is not HOST:PORT or dns+NAME:PORT")
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
        case .fixed(let host, let port): IngestAddress.text(host, port)
        case .dns(let name, let port): Self.dnsPrefix + IngestAddress.text(name, port)
        }
    }
}
