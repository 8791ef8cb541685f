import Testing

@testable import NodeStore

/// History series: compressed chunks give back what went in (to three significant digits), gaps stay gaps, and
/// a series holds exactly its capacity however long it runs.
@Suite struct SeriesTests {
    @Test(arguments: [0, 1, 7, 60, 61, 500])
    func chunksRoundTrip(count: Int) {
        var generator = SystemRandomNumberGenerator()
        let values: [Float] = (0..<count).map { index in
            switch index % 7 {
            case 0: .nan
            case 1: Float.random(in: -1e9...1e9, using: &generator)
            case 2: 0
            case 3: .infinity
            case 4: Float(index)
            default: Float.random(in: 0...1, using: &generator)
            }
        }
        let decoded = SeriesChunk(values).values
        #expect(decoded.count == values.count)
        for (original, back) in zip(values, decoded) {
            if original.isNaN {
                #expect(back.isNaN)
            } else if original.isInfinite || original == 0 {
                #expect(back == original)
            } else {
                #expect(abs(back - original) <= abs(original) * 0.0005, "\(original) → \(back)")
            }
        }
    }

    @Test func aConstantSeriesCostsAboutABitAPoint() {
        let chunk = SeriesChunk(Array(repeating: Float(123.5), count: 60))
        #expect(chunk.byteCount <= 16)
        #expect(chunk.values == Array(repeating: 123.5, count: 60))
        let noisy = SeriesChunk((0..<60).map { Float($0) * 1.37 + 0.01 })
        #expect(noisy.byteCount < 60 * 4)  // smaller than the floats, even changing every point
    }

    @Test func aSeriesHoldsItsCapacityAndReadsOldestFirst() {
        var series = Series(capacity: 720)
        for index in 0..<2_000 { series.append(index % 97 == 0 ? nil : Double(index)) }
        let values = series.values
        #expect(values.count == 720 && series.count == 720)
        #expect(values.last == 1_999 && values.first == 1_280)
        #expect(values[values.count - 1 - (1_999 - 1_940)].isNaN)  // 1,940 = 97 × 20: a gap
        var small = Series(capacity: 4)
        for index in 0..<10 { small.append(Double(index)) }
        #expect(small.values == [6, 7, 8, 9])
    }

    /// The open chunk is compressed as it fills: an idle series holds a couple of words per five minutes,
    /// whether its chunks are closed or not, and reads back exactly.
    @Test func anIdleSeriesHoldsAboutABitAPointIncludingItsOpenChunk() {
        var series = Series(capacity: 720)
        for _ in 0..<(720 + 30) { series.append(0.25) }
        #expect(series.byteCount <= 13 * 2 * 8)
        #expect(series.values == Array(repeating: 0.25, count: 720))
    }
}
