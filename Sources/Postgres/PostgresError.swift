/// A failed database operation: what was attempted, the server's message and, when the server sent one, the
/// SQLSTATE code (e.g. `23505` unique violation, `42601` syntax error).
public struct PostgresError: Error, Hashable, CustomStringConvertible {
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case connection
            case query
            case unavailable
        }
        private let base: Base

        /// The connection could not be made or was lost.
        public static let connection = Kind(base: .connection)
        /// The server refused a statement.
        public static let query = Kind(base: .query)
        /// The thread pool is shutting down; nothing was sent.
        public static let unavailable = Kind(base: .unavailable)

        public var description: String {
            switch self.base {
            case .connection: "connection"
            case .query: "query"
            case .unavailable: "unavailable"
            }
        }
    }

    public var kind: Kind
    public var message: String
    public var sqlState: String?

    public init(_ kind: Kind, _ message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    /// SQLSTATE class 22, data exception: the statement's values, not the database, are at fault (an invalid
    /// byte sequence, a NUL in text, a number out of range), so sending it again can never succeed.
    public var isDataException: Bool { self.sqlState?.hasPrefix("22") ?? false }

    public var description: String {
        "postgres \(self.kind) error\(self.sqlState.map { " [\($0)]" } ?? ""): \(self.message)"
    }
}
