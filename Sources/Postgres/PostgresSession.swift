internal import CLibPQ

#if canImport(Glibc)
import Glibc
#endif

/// Statements on a connection, inside one ``PostgresConnection/run(_:)`` operation. Parameters are always
/// sent separately from the SQL text (`$1`, `$2`, …): values never become SQL.
public struct PostgresSession {
    let handle: OpaquePointer

    /// Runs one parameterised statement and copies its rows out.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> QueryResult {
        let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        let values: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = values.withUnsafeBufferPointer { pointer in
            PQexecParams(self.handle, sql, Int32(parameters.count), nil, pointer.baseAddress, nil, nil, 0)
        }
        return try self.collect(result)
    }

    /// Runs SQL text without parameters, possibly several statements (migrations only).
    public func execute(script sql: String) throws {
        _ = try self.collect(PQexec(self.handle, sql))
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try self.query("BEGIN")
        do {
            let value = try body()
            try self.query("COMMIT")
            return value
        } catch {
            _ = try? self.query("ROLLBACK")
            throw error
        }
    }

    private func collect(_ result: OpaquePointer?) throws -> QueryResult {
        guard let result else {
            throw PostgresError(.connection, String(cString: PQerrorMessage(self.handle)).trimmingTrailingNewlines)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let lost = PQstatus(self.handle) != CONNECTION_OK
            throw PostgresError(lost ? .connection : .query, message, sqlState: state)
        }
        let columns = (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(PQntuples(result)))
        for row in 0..<PQntuples(result) {
            rows.append(
                (0..<PQnfields(result)).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                }
            )
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return QueryResult(columns: columns, rows: rows, affectedRows: affected)
    }
}

/// Lives only inside one ``PostgresConnection/run(_:)`` operation on one thread: the libpq handle must not
/// escape it.
@available(*, unavailable)
extension PostgresSession: Sendable {}
