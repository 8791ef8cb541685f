extension Duration {
    /// Whole nanoseconds, stuck at Int64's bounds past them: a duration from a flag or a clock cannot trap.
    public var saturatingNanoseconds: Int64 { self.whole(perSecond: 1_000_000_000) }

    /// Whole microseconds, saturating like ``saturatingNanoseconds``.
    public var saturatingMicroseconds: Int64 { self.whole(perSecond: 1_000_000) }

    /// Whole milliseconds, saturating like ``saturatingNanoseconds``.
    public var saturatingMilliseconds: Int64 { self.whole(perSecond: 1_000) }

    /// In seconds, fractions included (for rates and histograms).
    public var inSeconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }

    private func whole(perSecond units: Int64) -> Int64 {
        let (seconds, attoseconds) = self.components
        return seconds.multipliedSaturating(by: units).addingSaturating(
            attoseconds / (1_000_000_000_000_000_000 / units)
        )
    }
}
