import Telemetry
import Testing

/// Durations in whole units truncate toward zero and stick at Int64's bounds instead of trapping.
@Suite struct DurationUnitsTests {
    @Test func wholeUnitsTruncate() {
        let duration = Duration.seconds(2) + .nanoseconds(345_678_901)
        #expect(duration.saturatingNanoseconds == 2_345_678_901)
        #expect(duration.saturatingMicroseconds == 2_345_678)
        #expect(duration.saturatingMilliseconds == 2_345)
        #expect(abs(duration.inSeconds - 2.345678901) < 1e-12)
        #expect(Duration.milliseconds(-1_500).saturatingMilliseconds == -1_500)
    }

    @Test func hugeDurationsSaturate() {
        let huge = Duration.seconds(Int64.max)
        #expect(huge.saturatingNanoseconds == .max && huge.saturatingMilliseconds == .max)
        #expect(Duration.seconds(Int64.min).saturatingMicroseconds == .min)
        #expect(Duration.seconds(9_223_372_036).saturatingNanoseconds == 9_223_372_036_000_000_000)
    }
}
