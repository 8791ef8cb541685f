import CProcessLimits
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child started with posix_spawn and a clean signal state. Foundation's `Process` starts children with the
/// spawning thread's signal mask, and a dispatch thread blocks most signals: perf then never sees SIGCHLD from
/// its workload nor our SIGINT, and runs until killed.
struct ChildProcess {
    let pid: pid_t

    struct SpawnError: Error {
        var errno: Int32
    }

    /// Starts `path` with stdin from /dev/null and stdout/stderr into files. With `fileSizeLimit` the child may
    /// write no file beyond that many bytes (RLIMIT_FSIZE, set right after the spawn, before it can have
    /// written much): past it the kernel stops it with SIGXFSZ.
    init(
        path: String,
        arguments: [String],
        stdout: String,
        stderr: String,
        fileSizeLimit: Int? = nil
    ) throws(SpawnError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let result = posix_spawn(&pid, path, &actions, &attributes, &argv, environ)
        guard result == 0 else { throw SpawnError(errno: result) }
        self.pid = pid
        if let fileSizeLimit {
            // Best effort: without it perf's files are still bounded by --max-size and the watchdog.
            _ = podwatch_limit_file_size(pid, UInt64(max(0, fileSizeLimit)))
        }
    }

    /// Waits for the child (on a thread of its own: waitpid blocks) and returns its exit status, or 128 + the
    /// signal that ended it.
    func wait() async -> Int32 {
        let pid = self.pid
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                let signal = status & 0x7f
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
            }
        }
    }
}
