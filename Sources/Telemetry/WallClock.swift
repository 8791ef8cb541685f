#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time for display ("last seen"); durations use ContinuousClock.
public enum WallClock: Sendable {
    public static func milliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
