internal import CProcessLimits

#if canImport(Glibc)
import Glibc
#endif

/// A real, throwaway PostgreSQL server for tests: `initdb` into a temporary directory and `postgres`
/// listening only on a unix socket in it, started as the `postgres` user when the tests run as root (initdb
/// refuses root). `stop()` shuts it down and removes the directory; `start()` brings the same data back.
public final class TestPostgres: @unchecked Sendable {
    // @unchecked Sendable: `pid` is only changed by start()/stop(), which tests call from one task.
    public let directory: String
    public let port: Int
    private let binaries: String
    private var pid: pid_t = 0

    /// Connection string for the server (unix socket, trust authentication).
    public var conninfo: String {
        "host=\(self.directory) port=\(self.port) user=postgres dbname=postgres connect_timeout=5"
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates and starts a server; throws a clear error when PostgreSQL is not installed (`make deps`).
    public init() throws {
        guard let binaries = Self.findBinaries() else {
            throw Failure(
                description:
                    "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)"
            )
        }
        self.binaries = binaries
        self.port = Int.random(in: 20_000...60_000)
        var template = Array("/tmp/podwatch-pg-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> UnsafeMutablePointer<CChar>? in
            guard let base = buffer.baseAddress else { return nil }
            return mkdtemp(base)
        }
        guard let made else {
            throw Failure(description: "mkdtemp failed: errno \(errno)")
        }
        self.directory = String(cString: made)
        if getuid() == 0, let user = getpwnam("postgres") {
            chown(self.directory, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        let status = try Self.run(
            self.asPostgres([
                "\(binaries)/initdb", "-D", "\(self.directory)/data", "-U", "postgres", "-A", "trust", "--no-sync",
                "-E", "UTF8",
            ]),
            quiet: true
        )
        guard status == 0 else { throw Failure(description: "initdb exited with \(status)") }
        try self.start()
    }

    deinit {
        self.stop()
        _ = try? Self.run(["/bin/rm", "-rf", self.directory], quiet: true)
    }

    /// Starts the server and waits until it accepts connections (at most ~15 s).
    public func start() throws {
        guard self.pid == 0 else { return }
        self.pid = try Self.spawn(
            self.asPostgres([
                "\(self.binaries)/postgres", "-D", "\(self.directory)/data", "-k", self.directory, "-p", "\(self.port)",
                "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                "full_page_writes=off",
            ]),
            quiet: true
        )
        for _ in 0..<300 {
            let ready = try Self.run(
                ["\(self.binaries)/pg_isready", "-q", "-h", self.directory, "-p", "\(self.port)"],
                quiet: true
            )
            if ready == 0 { return }
            usleep(50_000)
        }
        throw Failure(description: "PostgreSQL did not become ready")
    }

    /// Fast shutdown: the server goes away, as a real one would on failure.
    public func stop() {
        guard self.pid != 0 else { return }
        kill(self.pid, SIGINT)
        var status: Int32 = 0
        while waitpid(self.pid, &status, 0) == -1 && errno == EINTR {}
        self.pid = 0
    }

    private func asPostgres(_ command: [String]) -> [String] {
        getuid() == 0
            ? ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", "--"] + command : command
    }

    private static func findBinaries() -> String? {
        for version in (12...20).reversed() where access("/usr/lib/postgresql/\(version)/bin/initdb", X_OK) == 0 {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        return nil
    }

    /// posix_spawn, not Foundation's Process: waiting on a child that leaves an inherited fd open hangs it. The
    /// server outlives this call, so it inherits no descriptor from 3 up (another test's pipe, say).
    private static func spawn(_ command: [String], quiet: Bool) throws -> pid_t {
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let result = podwatch_spawn_closing_descriptors(&pid, command[0], &arguments, environ, quiet ? 1 : 0)
        guard result == 0 else { throw Failure(description: "cannot run \(command[0]): errno \(result)") }
        return pid
    }

    private static func run(_ command: [String], quiet: Bool) throws -> Int32 {
        let pid = try Self.spawn(command, quiet: quiet)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }
}
