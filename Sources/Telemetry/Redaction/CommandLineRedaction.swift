/// Hides the secrets command lines carry before the server keeps them: `redis-server --requirepass s3cret`,
/// `PGPASSWORD=…`, `postgres://app:s3cret@db/app`.
///
/// An argument whose name looks secret keeps its name and loses its value (`--db-password=•••`); the argument
/// after a flag whose name looks secret is masked whole (`--requirepass •••`); a URL's password is masked
/// (`postgres://app:•••@db`); an argument holding a whole shell command (`sh -c "…"`) is redacted word by word.
/// A name looks secret when it contains `pass`, `token`, `secret`, `key`, `credential`, `auth` or `pwd`, case
/// aside: this errs towards hiding (`--key-file` hides a path), which `--show-secrets` on the server undoes —
/// except for Podwatch's own secret flags, hidden either way.
public struct CommandLineRedaction: Sendable, Hashable {
    /// What is hidden.
    public enum Scope: Sendable, Hashable {
        /// Every value that looks secret (the default).
        case secretLooking
        /// Only the values of Podwatch's own secret flags (`--show-secrets`).
        case podwatchFlagsOnly
    }

    public var scope: Scope

    /// What a hidden value shows as.
    public static let mask = "•••"
    public static let standard = CommandLineRedaction(scope: .secretLooking)
    public static let podwatchFlagsOnly = CommandLineRedaction(scope: .podwatchFlagsOnly)

    /// Parts of a name that mark it secret.
    static let markers = ["pass", "token", "secret", "key", "credential", "auth", "pwd"]
    /// Podwatch's flags whose values are secrets (webhook URLs carry their token in the path).
    static let podwatchFlags: Set<String> = [
        "token", "admin-token", "read-token", "webhook", "discord-webhook", "slack-webhook",
    ]

    public init(scope: Scope) {
        self.scope = scope
    }

    /// The arguments with their secrets masked; the same array (no copy) when nothing is hidden.
    public func redact(_ arguments: [String]) -> [String] {
        var result = arguments
        var changed = false
        var maskNext = false
        for index in arguments.indices {
            let argument = arguments[index]
            let redacted: String
            if maskNext && !argument.hasPrefix("-") {
                (redacted, maskNext) = (Self.mask, false)
            } else {
                (redacted, maskNext) = self.redact(argument: argument, isProgram: index == 0)
            }
            if redacted != argument {
                result[index] = redacted
                changed = true
            }
        }
        return changed ? result : arguments
    }

    /// One argument, redacted, and whether the argument after it is a secret value.
    private func redact(argument: String, isProgram: Bool) -> (String, maskNext: Bool) {
        if argument.utf8.contains(UInt8(ascii: " ")) {
            // A whole command in one argument (`sh -c "redis-server --requirepass s3cret"`).
            let words = argument.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            return (self.redact(words).joined(separator: " "), false)
        }
        let text = self.scope == .secretLooking ? Self.maskingURLPassword(argument) : argument
        guard !isProgram else { return (text, false) }
        if let equals = text.firstIndex(of: "=") {
            let name = text[..<equals]
            return self.isSecret(name) ? (String(name) + "=" + Self.mask, false) : (text, false)
        }
        return (text, text.hasPrefix("-") && self.isSecret(text[...]))
    }

    /// Whether a flag or variable name (leading dashes ignored) names a secret.
    func isSecret(_ name: Substring) -> Bool {
        let bare = name.drop { $0 == "-" }.lowercased()
        guard !bare.isEmpty else { return false }
        if Self.podwatchFlags.contains(bare) { return true }
        guard self.scope == .secretLooking else { return false }
        return Self.markers.contains { bare.contains($0) }
    }

    /// `scheme://user:password@host…` with the password masked; anything else unchanged.
    static func maskingURLPassword(_ text: String) -> String {
        guard let scheme = text.firstRange(of: "://") else { return text }
        let authorityEnd = text[scheme.upperBound...].firstIndex(of: "/") ?? text.endIndex
        let authority = text[scheme.upperBound..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return text
        }
        let password = authority.index(after: colon)..<at
        guard !password.isEmpty, text[password] != Self.mask else { return text }
        var masked = text
        masked.replaceSubrange(password, with: Self.mask)
        return masked
    }
}
