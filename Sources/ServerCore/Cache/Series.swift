/// A fixed-size ring of samples: the last `capacity` values of one metric, oldest first when read.
/// Float is plenty for display (7 significant digits) and halves the memory of Double.
public struct Series: Sendable, Hashable {
    private var storage: [Float]
    private var next = 0
    private var filled = 0

    public init(capacity: Int) {
        self.storage = [Float](repeating: 0, count: max(capacity, 1))
    }

    /// Appends a value; nil (unknown, e.g. a first sample) is stored as NaN so gaps stay gaps.
    public mutating func append(_ value: Double?) {
        self.storage[self.next] = value.map(Float.init) ?? .nan
        self.next = (self.next + 1) % self.storage.count
        self.filled = min(self.filled + 1, self.storage.count)
    }

    /// The values, oldest first; NaN marks an unknown point.
    public var values: [Float] {
        let start = (self.next - self.filled + self.storage.count) % self.storage.count
        return (0..<self.filled).map { self.storage[(start + $0) % self.storage.count] }
    }

    public var capacity: Int { self.storage.count }
}
