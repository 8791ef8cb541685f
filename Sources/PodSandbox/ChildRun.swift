internal import CProcessLimits

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// One run of a program for a test, bounded: its output goes to files (a pipe's reader waits for every holder of
/// the write end, and a long-lived process elsewhere may hold one), it inherits no descriptor from 3 up, and past
/// `deadline` it is killed and the outcome says so, so a stuck child fails one test instead of hanging the suite.
public struct ChildRun: Sendable {
    /// The exit status, or 128 + the signal that ended it.
    public var status: Int32
    public var standardOutput: [UInt8]
    public var standardError: String
    /// Whether the deadline passed and the child was killed.
    public var killed: Bool

    /// Runs `arguments[0]` (an absolute path) with `environment` and waits, polling without blocking a thread
    /// (tests share two cooperative threads). `input` is what the child reads on its standard input (from a file:
    /// no pipe to keep fed); nil leaves standard input inherited.
    public static func run(
        _ arguments: [String],
        environment: [String: String],
        input: [UInt8]? = nil,
        deadline: Duration
    ) async throws(SandboxError) -> ChildRun {
        guard let program = arguments.first else { throw SandboxError("empty command") }
        let directory = try Self.temporaryDirectory()
        defer {
            for name in ["stdin", "stdout", "stderr"] { unlink("\(directory)/\(name)") }
            rmdir(directory)
        }
        if let input { try Self.write(input, to: "\(directory)/stdin") }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = podwatch_spawn_with_output(
            &pid,
            program,
            &argv,
            &envp,
            input == nil ? nil : "\(directory)/stdin",
            "\(directory)/stdout",
            "\(directory)/stderr"
        )
        guard result == 0 else { throw SandboxError("posix_spawn \(program): errno \(result)") }

        let clock = ContinuousClock()
        let end = clock.now.advanced(by: deadline)
        var killed = false
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid || (waited == -1 && errno != EINTR) { break }
            if !killed && clock.now >= end {
                kill(pid, SIGKILL)
                killed = true
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let signal = status & 0x7F
        return ChildRun(
            status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
            standardOutput: Self.read("\(directory)/stdout"),
            standardError: String(decoding: Self.read("\(directory)/stderr"), as: UTF8.self),
            killed: killed
        )
    }

    /// Standard output then standard error, as text (what a failing check printed).
    public var output: String { String(decoding: self.standardOutput, as: UTF8.self) + self.standardError }

    private static func write(_ bytes: [UInt8], to path: String) throws(SandboxError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SandboxError("open \(path): errno \(errno)") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written == 0 || errno != EINTR {
                throw SandboxError("write \(path): \(written == 0 ? "nothing written" : "errno \(errno)")")
            }
        }
    }

    private static func temporaryDirectory() throws(SandboxError) -> String {
        var template = Array("/tmp/podwatch-child-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw SandboxError("mkdtemp: errno \(errno)") }
        return made
    }

    private static func read(_ path: String) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 || errno != EINTR {
                return bytes
            }
        }
    }
}
