/// A failure the CLI reports in one sentence that says what to do, with the exit code scripts can test.
///
/// Codes follow sysexits(3) where one fits: 64 usage (swift-argument-parser's), 69 the server cannot be reached or
/// is unavailable, 77 the server refused the token; 1 the server refused the request, 3 what was asked for does
/// not exist.
public struct CLIError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        case refused
        case notFound
        case unavailable
        case unauthorized
        case usage
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { self.message }

    public var exitCode: Int32 {
        switch self.kind {
        case .refused: 1
        case .notFound: 3
        case .usage: 64
        case .unavailable: 69
        case .unauthorized: 77
        }
    }
}
