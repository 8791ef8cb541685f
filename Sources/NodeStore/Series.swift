/// The last `capacity` samples of one metric, oldest first when read, compressed as they arrive (``SeriesChunk``)
/// in chunks of ``chunkLength``, all in one array of words: the closed chunks, then the open one, which the
/// writer extends a value at a time (an hour at 5 s is 12 closed chunks and the open one; an array per chunk,
/// or the open chunk's floats, cost more than the data). The oldest chunk goes when the others alone hold the
/// capacity, so between `capacity` and `capacity + chunkLength` samples are kept and the last `capacity` are read.
public struct Series: Sendable, Hashable {
    /// Samples per compressed chunk: 5 minutes at 5 s.
    package static let chunkLength = 60

    /// Every closed chunk's words, oldest first, then the open chunk's; `chunkWords[i]` is how many belong to
    /// closed chunk `i`.
    private var words: [UInt64] = []
    private var chunkWords: [UInt16] = []
    private var open = SeriesChunk.Writer()
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Appends a value; nil (unknown, e.g. a first sample) is stored as NaN so gaps stay gaps.
    public mutating func append(_ value: Double?) {
        self.open.append(value.map { Float($0) } ?? .nan, to: &self.words)
        guard self.open.count == Self.chunkLength else { return }
        let closed = self.words.count - self.closedWords
        self.chunkWords.append(UInt16(closed))
        self.open = SeriesChunk.Writer()
        var dropped = 0
        while !self.chunkWords.isEmpty, (self.chunkWords.count - 1) * Self.chunkLength >= self.capacity {
            dropped += Int(self.chunkWords.removeFirst())
        }
        // Moved into an array sized for what is kept and a next chunk like this one: grown by appending, the
        // array held up to twice its words (capacity doubles), a third of the history's memory.
        var kept: [UInt64] = []
        kept.reserveCapacity(self.words.count - dropped + closed + 1)
        kept.append(contentsOf: self.words[dropped...])
        self.words = kept
    }

    /// Words of the closed chunks.
    private var closedWords: Int { self.chunkWords.reduce(0) { $0 + Int($1) } }

    /// The values, oldest first, at most `capacity`; NaN marks an unknown point. Values carry three significant
    /// digits (``SeriesChunk``).
    public var values: [Float] {
        var all: [Float] = []
        all.reserveCapacity(self.chunkWords.count * Self.chunkLength + self.open.count)
        var start = 0
        for count in self.chunkWords {
            let end = start + Int(count)
            SeriesChunk.decode(self.words[start..<end], count: Self.chunkLength, into: &all)
            start = end
        }
        SeriesChunk.decode(self.words[start...], count: self.open.count, into: &all)
        return Array(all.suffix(self.capacity))
    }

    /// Bytes of compressed values held (for the tests and the memory figures).
    package var byteCount: Int { self.words.count * 8 }

    /// How many values `values` returns.
    public var count: Int {
        min(self.capacity, self.chunkWords.count * Self.chunkLength + self.open.count)
    }
}
