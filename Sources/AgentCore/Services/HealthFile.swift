#if canImport(Glibc)
import Glibc
#endif

/// A file the agent rewrites after every successful pass; `podwatch-agent health` checks its age. This is the
/// DaemonSet's liveness probe: it fails when passes stop (a hung read, a wedged loop), not merely when the
/// process is alive — and it needs no listening port on the node.
public struct HealthFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Records a pass now (the file's content is the wall-clock second, for humans; its mtime is what counts).
    public func touch() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let text = "\(now.tv_sec)\n"
        let temporary = self.path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        rename(temporary, self.path)  // atomic: a probe never sees a half-written file
    }

    /// Seconds since the last pass, or nil when no pass has been recorded.
    public func age() -> Double? {
        var info = stat()
        guard stat(self.path, &info) == 0 else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec - info.st_mtim.tv_sec) + Double(now.tv_nsec - info.st_mtim.tv_nsec) / 1e9
    }
}
