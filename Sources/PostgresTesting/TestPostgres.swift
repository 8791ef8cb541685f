internal import CProcessLimits

#if canImport(Glibc)
import Glibc
#endif

/// A real, throwaway PostgreSQL server for tests: `initdb` into a temporary directory and `postgres`
/// listening only on a unix socket in it, started as the `postgres` user when the tests run as root (initdb
/// refuses root). `stop()` shuts it down and `start()` brings the same data back; the last reference removes it all.
/// Every wait polls without blocking a thread: the tests share two cooperative threads, and `initdb` or a shutdown
/// checkpoint blocking one for seconds stalled every other test in the parallel run.
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
    public init() async throws {
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
        let status = try await Self.run(
            self.asPostgres([
                "\(binaries)/initdb", "-D", "\(self.directory)/data", "-U", "postgres", "-A", "trust", "--no-sync",
                "-E", "UTF8",
            ]),
            quiet: true
        )
        guard status == 0 else { throw Failure(description: "initdb exited with \(status)") }
        try await self.start()
    }

    deinit {
        // Immediate shutdown (no checkpoint), so that the wait is short even here, where it cannot be awaited.
        if self.pid != 0 {
            kill(self.pid, SIGQUIT)
            var status: Int32 = 0
            while waitpid(self.pid, &status, 0) == -1 && errno == EINTR {}
        }
        if let pid = try? Self.spawn(["/bin/rm", "-rf", self.directory], quiet: true) {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
    }

    /// Starts the server and waits until it accepts connections (at most ~15 s).
    public func start() async throws {
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
            let ready = try await Self.run(
                ["\(self.binaries)/pg_isready", "-q", "-h", self.directory, "-p", "\(self.port)"],
                quiet: true
            )
            if ready == 0 { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        throw Failure(description: "PostgreSQL did not become ready")
    }

    /// Fast shutdown: the server goes away, as a real one would on failure.
    public func stop() async {
        guard self.pid != 0 else { return }
        kill(self.pid, SIGINT)
        _ = await Self.exitStatus(of: self.pid)
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

    private static func run(_ command: [String], quiet: Bool) async throws -> Int32 {
        await Self.exitStatus(of: try Self.spawn(command, quiet: quiet))
    }

    private static func exitStatus(of pid: pid_t) async -> Int32 {
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid || (waited == -1 && errno != EINTR) { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return (status >> 8) & 0xFF
    }
}
