/// Where the node's kubelet listens, from `--kubelet-address` or `PODWATCH_KUBELET_ADDRESS` (the DaemonSet sets
/// `status.hostIP`): `10.0.0.5`, `10.0.0.5:10250`, `node-a.example`, `fd00::5` (a bare IPv6 address) or
/// `[fd00::5]:10250`. The host may hold only letters, digits, `.`, `-` and (IPv6) `:`, so nothing in it can reshape
/// the URL it goes into.
public struct KubeletAddress: Sendable, Hashable {
    public var host: String
    public var port: Int

    /// nil when `text` is none of the forms above, or its port is not 1…65535.
    public init?(_ text: String, defaultPort: Int) {
        var host = Substring(text)
        var port = defaultPort
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let explicit = Int(rest.dropFirst()) else { return nil }
                port = explicit
            }
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            guard let explicit = Int(host[host.index(after: colon)...]) else { return nil }
            port = explicit
            host = host[..<colon]
        }
        let allowed = host.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || ".-:".unicodeScalars.contains($0)
        }
        guard !host.isEmpty, host.utf8.count <= 253, allowed, (1...65_535).contains(port) else { return nil }
        self.host = String(host)
        self.port = port
    }

    /// `host:port`, with brackets around an IPv6 host.
    public var authority: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }
}
