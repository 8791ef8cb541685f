#if canImport(Glibc)
import Glibc
#endif

/// RLIMIT_NOFILE: how many descriptors the agent may hold. Raised at start from its soft to its hard value (as
/// Go's runtime does): the soft default of 1,024 is a relic of select(2), which the agent does not use.
public enum DescriptorLimit: Sendable {
    /// Descriptors left outside the collector's budget whatever it is: the server connection, the Kubernetes
    /// API client, perf, logs and the files read once (`cmdline`, `cgroup`) — so that they can always open.
    public static let reserved = 256

    /// The soft limit now.
    public static var current: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1_024 }
        return limit.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }

    /// Raises the soft limit to the hard one; returns the soft limit after (unchanged when it cannot).
    @discardableResult
    public static func raiseToHard() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return Self.current }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Self.current
    }

    /// The budget the collector may keep open: what was asked for, within the limit less the reserve.
    public static func budget(asked: Int) -> Int {
        max(0, min(asked, Self.current - Self.reserved))
    }
}
