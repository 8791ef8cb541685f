/// Tokens the server refuses to start with: short enough to guess, or the placeholder of an example left in place.
public enum TokenStrength: Sendable {
    /// Fewer characters than this is refused (16 random hex digits are 64 bits).
    public static let minimumLength = 16

    /// What is wrong with `token`, named by its flag; nil when it is acceptable. The token itself is never echoed.
    public static func problem(_ token: String?, flag: String) -> String? {
        guard let token else { return nil }
        let lowered = token.lowercased()
        if lowered.contains("change-me") || lowered.contains("changeme") {
            return "\(flag): the example's placeholder is still in place; set a random token"
        }
        if token.count < Self.minimumLength {
            return
                "\(flag): shorter than \(Self.minimumLength) characters; use a random token (e.g. head -c 32 /dev/urandom | base64)"
        }
        return nil
    }
}

extension ServerConfiguration {
    /// Every token of this configuration that ``TokenStrength`` refuses, named by its flag.
    public var weakTokenProblems: [String] {
        [
            TokenStrength.problem(self.token, flag: "--token"),
            TokenStrength.problem(self.adminToken, flag: "--admin-token"),
            TokenStrength.problem(self.readToken, flag: "--read-token"),
        ].compactMap { $0 }
    }
}
