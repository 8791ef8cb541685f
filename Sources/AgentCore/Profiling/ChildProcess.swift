import CProcessLimits
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// One run of a child program through swift-subprocess, with stdin from /dev/null and stdout and stderr into
/// files. swift-subprocess resets the child's signal mask and handlers (Foundation's `Process` passed on the
/// spawning thread's mask, and a dispatch thread blocks most signals: perf then never saw SIGCHLD from its
/// workload nor our SIGINT). Cancelling the waiting task asks the child to stop with SIGINT (perf still writes its
/// data) and goes on waiting; past `deadline` it is killed.
enum ChildProcess {
    struct Outcome {
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        /// Whether the watchdog had to kill it.
        var killed: Bool
    }

    struct SpawnError: Error {
        var errno: Int32
    }

    /// With `fileSizeLimit` the child may write no file beyond that many bytes (RLIMIT_FSIZE, set right after the
    /// spawn, before it can have written much): past it the kernel stops it with SIGXFSZ.
    static func run(
        path: String,
        arguments: [String],
        stdout: String,
        stderr: String,
        fileSizeLimit: Int? = nil,
        deadline: Duration
    ) async throws(SpawnError) -> Outcome {
        let output: FileDescriptor
        let errors: FileDescriptor
        do {
            let options: FileDescriptor.OpenOptions = [.create, .truncate]
            output = try FileDescriptor.open(stdout, .writeOnly, options: options, permissions: [.ownerReadWrite])
            errors = try FileDescriptor.open(stderr, .writeOnly, options: options, permissions: [.ownerReadWrite])
        } catch {
            throw SpawnError(errno: (error as? Errno)?.rawValue ?? EIO)
        }
        let pid = Mutex<pid_t?>(nil)
        // Run in a task of its own: cancelling the caller must not stop the wait (perf is still writing), only
        // ask the child to finish early.
        let runner = Task { () throws -> (TerminationStatus, Bool) in
            let result = try await Subprocess.run(
                .path(FilePath(path)),
                arguments: Arguments(arguments),
                input: .none,
                output: .fileDescriptor(output, closeAfterSpawningProcess: true),
                error: .fileDescriptor(errors, closeAfterSpawningProcess: true)
            ) { execution in
                let child = execution.processIdentifier.value
                pid.withLock { $0 = child }
                if let fileSizeLimit {
                    // Best effort: without it perf's files are still bounded by --max-size and the watchdog.
                    _ = podwatch_limit_file_size(child, UInt64(max(0, fileSizeLimit)))
                }
                let watchdog = Task { () -> Bool in
                    guard (try? await Task.sleep(for: deadline)) != nil else { return false }
                    kill(child, SIGKILL)
                    return true
                }
                return watchdog
            }
            let watchdog = result.closureResult
            watchdog.cancel()
            return (result.terminationStatus, await watchdog.value)
        }
        let finished = await withTaskCancellationHandler {
            await runner.result
        } onCancel: {
            if let child = pid.withLock({ $0 }) { kill(child, SIGINT) }
        }
        switch finished {
        case .success(let (status, killed)):
            switch status {
            case .exited(let code): return Outcome(status: code, killed: killed)
            case .signaled(let signal): return Outcome(status: 128 + signal, killed: killed)
            }
        case .failure(let error):
            let underlying = (error as? SubprocessError)?.underlyingError
            throw SpawnError(errno: underlying.map { Int32($0.rawValue) } ?? ENOENT)
        }
    }
}
