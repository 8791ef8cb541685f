/// Where a message's links point: the server's external URL (`--external-url`), as users reach it. Without one
/// messages carry no links (the server says so at start), rather than links to an address only the cluster knows.
public struct NotificationLinks: Sendable, Hashable {
    /// `https://podwatch.example.com`, without a trailing slash.
    public var base: String

    /// nil when `base` is not an absolute http(s) URL.
    public init?(base: String) {
        var trimmed = Substring(base)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://"), trimmed.count > 8,
            !trimmed.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "|" })
        else { return nil }
        self.base = String(trimmed)
    }

    /// The alert's page (`/alerts/{id}`): its context, its profile, its history.
    public func alert(_ id: String) -> String { "\(self.base)/alerts/\(Self.segment(id))" }

    /// The flame graph of the profile taken when the alert fired.
    public func profile(_ alertID: String) -> String { "\(self.base)/alerts/\(Self.segment(alertID))/profile" }

    /// The alerts page filtered to one rule (a group's alerts, the worst first).
    public func rule(_ ruleID: String) -> String { "\(self.base)/alerts?rule=\(Self.segment(ruleID))" }

    /// IDs are UUIDs; anything else is percent-encoded byte by byte, so no character can end the URL early.
    static func segment(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let unreserved =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || "-._~".utf8.contains(byte)
            if unreserved {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        self.count >= width ? self : String(repeating: "0", count: width - self.count) + self
    }
}
