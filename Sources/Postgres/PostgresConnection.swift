internal import CLibPQ
import NIOConcurrencyHelpers
import NIOPosix

/// One libpq connection, used one operation at a time.
///
/// Every blocking libpq call runs on NIO's thread pool (`NIOThreadPool.singleton`), never on an event loop or
/// the cooperative pool. An operation is a synchronous closure over a ``PostgresSession`` that runs entirely
/// inside one thread-pool job holding the connection's lock, so statements of two operations (or a
/// transaction and anything else) never interleave. A lost connection is re-established on the next
/// operation, no sooner than the backoff allows (1 s doubling to 30 s).
public final class PostgresConnection: @unchecked Sendable {
    // @unchecked Sendable: `handle`, `failures` and `nextAttempt` are only touched inside `lock`, and libpq is
    // only called from the thread-pool job that holds it.
    private let lock = NIOLock()
    private var handle: OpaquePointer?
    private var failures = 0
    private var nextAttempt = ContinuousClock.now
    private let conninfo: String

    /// - Parameter conninfo: a `postgresql://` URI or a `key=value` conninfo string. Never logged (passwords).
    public init(conninfo: String) {
        self.conninfo = conninfo
    }

    deinit {
        if let handle = self.handle { PQfinish(handle) }
    }

    /// Runs `body` with the connection, connecting first when needed.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        do {
            return try await NIOThreadPool.singleton.runIfActive {
                try self.lock.withLock {
                    let session = PostgresSession(handle: try self.connected())
                    do {
                        return try body(session)
                    } catch let error as PostgresError where error.kind == .connection {
                        self.dropConnection()
                        throw error
                    }
                }
            }
        } catch let error as PostgresError {
            throw error
        } catch let error as NIOThreadPoolError.ThreadPoolInactive {
            throw PostgresError(.unavailable, "thread pool inactive: \(error)")
        }
    }

    /// Whether the last operation left a live connection (for the UI's "database unavailable" banner).
    public var isConnected: Bool {
        self.lock.withLock { self.handle.map { PQstatus($0) == CONNECTION_OK } ?? false }
    }

    /// The live handle, connecting if needed. Called with `lock` held.
    private func connected() throws -> OpaquePointer {
        if let handle = self.handle, PQstatus(handle) == CONNECTION_OK { return handle }
        self.dropConnection()
        let now = ContinuousClock.now
        guard now >= self.nextAttempt else {
            throw PostgresError(
                .connection,
                "database unavailable; next connection attempt in \((self.nextAttempt - now).components.seconds + 1) s"
            )
        }
        guard let handle = PQconnectdb(self.conninfo) else {
            throw PostgresError(.connection, "out of memory creating a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines
            PQfinish(handle)
            self.failures += 1
            self.nextAttempt = now + .seconds(min(30, 1 << min(self.failures - 1, 5)))
            throw PostgresError(.connection, message)
        }
        self.failures = 0
        self.handle = handle
        return handle
    }

    private func dropConnection() {
        if let handle = self.handle { PQfinish(handle) }
        self.handle = nil
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" || text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
