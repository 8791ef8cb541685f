/// The one place counters become rates.
///
/// A rate is nil — unknown, never 0 — on a first sample (no previous value), when the counter went
/// backwards (reset: a restarted container, a re-created interface, a wrapped 32-bit counter), or when
/// no time elapsed.
public enum CounterRate: Sendable {
    /// (current − previous) / seconds.
    @inlinable
    public static func perSecond(_ previous: UInt64?, _ current: UInt64?, seconds: Double) -> Double? {
        guard let delta = Self.delta(previous, current), seconds > 0 else { return nil }
        return Double(delta) / seconds
    }

    /// current − previous, or nil on a missing value or a reset.
    @inlinable
    public static func delta(_ previous: UInt64?, _ current: UInt64?) -> UInt64? {
        guard let previous, let current, current >= previous else { return nil }
        return current - previous
    }

    /// Δpart / Δwhole × 100, or nil when Δwhole is 0 or either counter reset.
    @inlinable
    public static func percent(
        part: (previous: UInt64?, current: UInt64?),
        whole: (previous: UInt64?, current: UInt64?)
    ) -> Double? {
        guard let part = Self.delta(part.previous, part.current), let whole = Self.delta(whole.previous, whole.current),
            whole > 0
        else { return nil }
        return Double(part) / Double(whole) * 100
    }
}
