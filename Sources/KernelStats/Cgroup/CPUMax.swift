/// cgroup v2 `cpu.max`: the CFS bandwidth limit.
///
/// Example: `max 100000` (no limit) or `50000 100000` (half a core). Units: microseconds of quota per
/// period. In v1 the same facts are `cpu.cfs_quota_us` (-1 = none) and `cpu.cfs_period_us`.
public struct CPUMax: KernelFileParsable, Hashable, Codable {
    public static let fileName = "cpu.max"

    /// Quota in µs per period; nil = `max`.
    public var quotaMicroseconds: UInt64?
    public var periodMicroseconds: UInt64

    public init(quotaMicroseconds: UInt64?, periodMicroseconds: UInt64) {
        self.quotaMicroseconds = quotaMicroseconds
        self.periodMicroseconds = periodMicroseconds
    }

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        var fields = Fields(bytes.trimmed)
        guard let quota = fields.next(), let period = fields.next() else {
            throw KernelStatsError(
                bytes.isEmpty ? .empty : .truncated,
                file: Self.fileName,
                line: 1,
                text: bytes,
                detail: "expected `quota period`"
            )
        }
        guard let periodValue = period.asUInt64, quota.equals("max") || quota.asUInt64 != nil else {
            throw KernelStatsError(
                .malformed,
                file: Self.fileName,
                line: 1,
                text: bytes,
                detail: "expected numbers or `max`"
            )
        }
        self.quotaMicroseconds = quota.asUInt64
        self.periodMicroseconds = periodValue
    }

    /// The limit in cores (quota / period), nil when unlimited.
    public var cores: Double? {
        guard let quota = self.quotaMicroseconds, self.periodMicroseconds > 0 else { return nil }
        return Double(quota) / Double(self.periodMicroseconds)
    }
}
