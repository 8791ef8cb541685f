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
    private let settings: [(String, String)]

    /// - Parameters:
    ///   - conninfo: a `postgresql://` URI or a `key=value` conninfo string. Never logged (passwords).
    ///   - settings: libpq keywords that replace ``defaults`` of the same name (the conninfo still wins), e.g. the
    ///     leader lock's shorter keepalives and its `application_name`.
    public init(conninfo: String, settings: [(String, String)] = []) {
        self.conninfo = conninfo
        self.settings = settings
    }

    /// What a connection gets unless the conninfo says otherwise: a connect that gives up after 10 s, TCP
    /// keepalives that notice a vanished server within ~1 min, and statements cancelled after 30 s — a database
    /// that hangs must not hold the alert journal or a rule edit forever. (`sslmode` is the conninfo's: libpq's
    /// default `prefer` encrypts when the server offers it; `sslmode=verify-full` checks whom it talks to.)
    public static let defaults: [(String, String)] = [
        ("connect_timeout", "10"), ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"),
        ("keepalives_count", "3"), ("options", "-c statement_timeout=30s"),
    ]

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

    /// Closes the connection now (the next operation connects again).
    public func close() async {
        _ = try? await NIOThreadPool.singleton.runIfActive { self.lock.withLock { self.dropConnection() } }
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
        guard let handle = Self.connect(self.conninfo, settings: self.settings) else {
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

    /// libpq with ``defaults`` first and the conninfo last: libpq takes keywords in order, the last value of a
    /// repeated one winning, and expands the conninfo given as `dbname` in its place — so the conninfo overrides.
    private static func connect(_ conninfo: String, settings: [(String, String)]) -> OpaquePointer? {
        let pairs = Self.defaults + settings + [("dbname", conninfo)]
        var keys = pairs.map { strdup($0.0) }
        var values = pairs.map { strdup($0.1) }
        defer { for pointer in keys + values { free(pointer) } }
        keys.append(nil)
        values.append(nil)
        return keys.withUnsafeBufferPointer { keyBuffer in
            values.withUnsafeBufferPointer { valueBuffer in
                keyBuffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { keyPointers in
                    valueBuffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { valuePointers in
                        PQconnectdbParams(keyPointers.baseAddress, valuePointers.baseAddress, 1)
                    }
                }
            }
        }
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
