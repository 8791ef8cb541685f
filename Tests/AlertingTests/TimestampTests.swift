import Alerting
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_795_255_445_123), "2026-11-21T10:04:05.123Z"),
        (Int64(951_782_400_000), "2000-02-29T00:00:00.000Z"),
    ])
    func formats(milliseconds: Int64, text: String) {
        #expect(Timestamp.rfc3339(milliseconds: milliseconds) == text)
        #expect(Timestamp.parse(text) == milliseconds)
    }

    @Test func parsesOffsetsAndFractions() {
        #expect(Timestamp.parse("2026-11-21T12:04:05+02:00") == 1_795_255_445_000)
        #expect(Timestamp.parse("2026-11-21T10:04:05.1Z") == 1_795_255_445_100)
        #expect(Timestamp.parse("2026-11-21T10:04:05.123456Z") == 1_795_255_445_123)
        for bad in [
            "yesterday", "2026-11-21", "2026-13-01T00:00:00Z", "2026-11-21T10:04:05", "2026-11-21T10:04:05Zjunk",
        ] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
    }
}
