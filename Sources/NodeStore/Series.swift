/// The last `capacity` samples of one metric, oldest first when read: the newest up to ``chunkLength`` samples
/// as floats, the older ones compressed (``SeriesChunk``) in chunks of that length, all in one array of words
/// (an hour at 5 s is 12 chunks and the open one; an array per chunk cost more than the data). The oldest chunk
/// goes when the others alone hold the capacity, so between `capacity` and `capacity + chunkLength` samples are
/// kept and the last `capacity` are read.
public struct Series: Sendable, Hashable {
    /// Samples per compressed chunk: 5 minutes at 5 s.
    package static let chunkLength = 60

    /// Every closed chunk's words, oldest first; `chunkWords[i]` is how many belong to chunk `i`.
    private var words: [UInt64] = []
    private var chunkWords: [UInt16] = []
    private var open: [Float] = []
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Appends a value; nil (unknown, e.g. a first sample) is stored as NaN so gaps stay gaps.
    public mutating func append(_ value: Double?) {
        if self.open.isEmpty { self.open.reserveCapacity(Self.chunkLength) }
        self.open.append(value.map { Float($0) } ?? .nan)
        guard self.open.count == Self.chunkLength else { return }
        let chunk = SeriesChunk(self.open)
        self.words.append(contentsOf: chunk.words)
        self.chunkWords.append(UInt16(chunk.words.count))
        self.open = []
        while !self.chunkWords.isEmpty, (self.chunkWords.count - 1) * Self.chunkLength >= self.capacity {
            self.words.removeFirst(Int(self.chunkWords.removeFirst()))
        }
    }

    /// The values, oldest first, at most `capacity`; NaN marks an unknown point. Values older than the open
    /// chunk carry three significant digits (``SeriesChunk``).
    public var values: [Float] {
        var all: [Float] = []
        all.reserveCapacity(self.chunkWords.count * Self.chunkLength + self.open.count)
        var start = 0
        for count in self.chunkWords {
            let end = start + Int(count)
            SeriesChunk.decode(self.words[start..<end], count: Self.chunkLength, into: &all)
            start = end
        }
        all.append(contentsOf: self.open)
        return Array(all.suffix(self.capacity))
    }

    /// How many values `values` returns.
    public var count: Int {
        min(self.capacity, self.chunkWords.count * Self.chunkLength + self.open.count)
    }
}
