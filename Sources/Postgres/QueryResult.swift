/// Rows copied out of a libpq result (text format), so that nothing refers to libpq memory after `PQclear`.
public struct QueryResult: Sendable, Hashable {
    public var columns: [String]
    /// Values in text format; nil is SQL NULL.
    public var rows: [[String?]]
    /// Rows affected by INSERT/UPDATE/DELETE.
    public var affectedRows: Int

    public init(columns: [String] = [], rows: [[String?]] = [], affectedRows: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
    }

    /// The value of `column` in row `row`, or nil (NULL or no such column).
    public func value(_ row: Int, _ column: String) -> String? {
        guard row < self.rows.count, let index = self.columns.firstIndex(of: column) else { return nil }
        return self.rows[row][index]
    }
}
