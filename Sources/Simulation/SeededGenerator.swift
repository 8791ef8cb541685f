/// SplitMix64: a small, fast, seedable generator, so that a simulated node is the same in every run
/// (benchmarks compare like with like) while nodes differ from one another.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < p
    }

    /// `count` lowercase hex digits.
    public mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int(self.next() & 15)] })
    }

    /// A Kubernetes-style random suffix (`7d9f8`): consonants and digits, no vowels.
    public mutating func suffix(_ count: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<count).map { _ in alphabet[Int(self.next() % UInt64(alphabet.count))] })
    }

    /// A pod UID (RFC 4122 shape).
    public mutating func uuid() -> String {
        "\(self.hex(8))-\(self.hex(4))-4\(self.hex(3))-a\(self.hex(3))-\(self.hex(12))"
    }
}
