/// A run of samples of one series, compressed the way time-series stores do (Gorilla, Pelkonen et al. 2015):
/// each value's bits XOR the previous value's; an equal value costs one bit, a close one only its differing bits.
/// Values are rounded to 10 bits of mantissa first (0.05 % relative error; charts and hover text show three
/// digits), which keeps a changing value to ~20 bits instead of 32. Unknown points (NaN) are one bit pattern.
///
/// Idle containers — most of a node's — hold constant series: a 60-point chunk of them is ~10 bytes. A chunk is
/// packed into 64-bit words starting on a word boundary, so a series keeps all its chunks in one array.
package struct SeriesChunk: Sendable, Hashable {
    /// The packed bits, 64 to a word.
    private(set) var words: [UInt64] = []
    private(set) var count = 0

    /// The canonical NaN and the mantissa bits kept (of Float's 23).
    private static let unknown = Float.nan.bitPattern
    private static let keptMantissaBits: UInt32 = 10

    package init(_ values: some Collection<Float>) {
        self.words.reserveCapacity(max(1, values.count / 4))
        var writer = Writer()
        for value in values { writer.append(value, to: &self.words) }
        self.count = writer.count
        self.words = Array(self.words)  // drop the reserve
    }

    /// Compresses values one at a time onto the end of a word array (a series writes its open chunk this way, so
    /// it never holds the chunk's floats): the chunk starts on the next word boundary of that array.
    package struct Writer: Sendable, Hashable {
        private var previous: UInt32 = 0
        /// The window of meaningful bits of the last new window; `leading` 32 when there is none yet.
        private var leading: UInt8 = 32
        private var trailing: UInt8 = 0
        private var bitCount = 0
        /// Values written.
        private(set) var count = 0

        package init() {}

        package mutating func append(_ value: Float, to words: inout [UInt64]) {
            let bits = SeriesChunk.rounded(value)
            defer {
                self.previous = bits
                self.count &+= 1
            }
            guard self.count > 0 else {
                self.write(UInt64(bits), bits: 32, to: &words)
                return
            }
            let difference = bits ^ self.previous
            guard difference != 0 else {
                self.write(0, bits: 1, to: &words)
                return
            }
            let newLeading = UInt32(difference.leadingZeroBitCount)
            let newTrailing = UInt32(difference.trailingZeroBitCount)
            let leading = UInt32(self.leading)
            let trailing = UInt32(self.trailing)
            if leading < 32, newLeading >= leading, newTrailing >= trailing {
                // Fits in the previous window of meaningful bits: `1`, `0` and those bits.
                self.write(0b01, bits: 2, to: &words)
                self.write(UInt64(difference >> trailing), bits: 32 - leading - trailing, to: &words)
            } else {
                // A new window: `1`, `1`, 5 bits of leading zeros, 5 bits of length − 1, the bits.
                let kept = min(newLeading, 31)
                let length = 32 - kept - newTrailing
                self.leading = UInt8(kept)
                self.trailing = UInt8(newTrailing)
                self.write(0b11, bits: 2, to: &words)
                self.write(UInt64(kept), bits: 5, to: &words)
                self.write(UInt64(length - 1), bits: 5, to: &words)
                self.write(UInt64(difference >> newTrailing), bits: length, to: &words)
            }
        }

        private mutating func write(_ value: UInt64, bits: UInt32, to words: inout [UInt64]) {
            guard bits > 0 else { return }
            let offset = UInt32(self.bitCount & 63)
            if offset == 0 { words.append(0) }
            let masked = bits == 64 ? value : value & ((1 << UInt64(bits)) - 1)
            words[words.count - 1] |= masked << UInt64(offset)
            let room = 64 - offset
            if bits > room { words.append(masked >> UInt64(room)) }
            self.bitCount += Int(bits)
        }
    }

    /// The values, in order (the rounded ones).
    package var values: [Float] {
        var result: [Float] = []
        Self.decode(self.words[...], count: self.count, into: &result)
        return result
    }

    /// Decodes `count` values packed in `words` (as a chunk wrote them) onto `result`.
    package static func decode(_ words: ArraySlice<UInt64>, count: Int, into result: inout [Float]) {
        result.reserveCapacity(result.count + count)
        var reader = 0
        var previous: UInt32 = 0
        var leading: UInt32 = 0
        var trailing: UInt32 = 0
        for index in 0..<count {
            if index == 0 {
                previous = UInt32(truncatingIfNeeded: Self.read(words, &reader, bits: 32))
            } else if Self.read(words, &reader, bits: 1) == 1 {
                if Self.read(words, &reader, bits: 1) == 1 {
                    leading = UInt32(Self.read(words, &reader, bits: 5))
                    trailing = 32 &- leading &- UInt32(Self.read(words, &reader, bits: 5) + 1)
                }
                let length = 32 &- leading &- trailing
                previous ^= UInt32(truncatingIfNeeded: Self.read(words, &reader, bits: length)) << trailing
            }
            result.append(Float(bitPattern: previous))
        }
    }

    /// Bytes held (for the memory figures).
    package var byteCount: Int { self.words.count * 8 }

    /// Float bits with the mantissa rounded to ``keptMantissaBits`` (to nearest); NaN as one pattern.
    package static func rounded(_ value: Float) -> UInt32 {
        guard value.isFinite else { return value.isNaN ? Self.unknown : value.bitPattern }
        let drop = 23 - Self.keptMantissaBits
        let bits = value.bitPattern
        let half: UInt32 = 1 << (drop - 1)
        let rounded = (bits &+ half) & ~((1 << drop) - 1)
        // Rounding up past the largest finite value would make infinity: keep the value truncated then.
        return Float(bitPattern: rounded).isFinite ? rounded : bits & ~((1 << drop) - 1)
    }

    private static func read(_ words: ArraySlice<UInt64>, _ position: inout Int, bits: UInt32) -> UInt64 {
        guard bits > 0, bits <= 64 else { return 0 }
        let word = words.startIndex + position >> 6
        guard word < words.endIndex else { return 0 }
        let offset = UInt64(position & 63)
        var value = words[word] >> offset
        let room = 64 - UInt32(offset)
        if bits > room, word + 1 < words.endIndex { value |= words[word + 1] << UInt64(room) }
        position += Int(bits)
        return bits == 64 ? value : value & ((1 << UInt64(bits)) - 1)
    }
}
