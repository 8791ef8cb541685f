#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Clocks and kernel constants the snapshot needs.
enum SystemFacts {
    /// USER_HZ, the unit of CPU times in /proc (normally 100).
    static let clockTicksPerSecond: UInt64 = UInt64(max(sysconf(Int32(_SC_CLK_TCK)), 1))
    /// Bytes per page.
    static let pageSize: UInt64 = UInt64(max(sysconf(Int32(_SC_PAGESIZE)), 1))

    /// CPUs online now.
    static var onlineCPUs: Int { max(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 1) }

    /// CLOCK_MONOTONIC in nanoseconds: rates use it so that wall-clock jumps never skew them.
    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Wall-clock milliseconds since the Unix epoch.
    static func wallMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// The host name, for the default node name.
    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
