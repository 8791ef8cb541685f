/// A `Double?` in 8 bytes instead of 16: unknown is stored as NaN (a rate is a finite number or unknown; a NaN
/// given to it reads back as unknown). The server keeps a rate for every process and container of every node, so
/// the optional's padding was a tenth of a node's snapshot. In JSON it is exactly a `Double?`: the key is left out
/// when unknown.
@propertyWrapper
public struct CompactDouble: Sendable, Hashable, Codable {
    private var bits: Double

    public init() {
        self.bits = .nan
    }

    public init(wrappedValue: Double?) {
        self.bits = wrappedValue ?? .nan
    }

    public var wrappedValue: Double? {
        get { self.bits.isNaN ? nil : self.bits }
        set { self.bits = newValue ?? .nan }
    }

    public static func == (lhs: CompactDouble, rhs: CompactDouble) -> Bool {
        lhs.wrappedValue == rhs.wrappedValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.wrappedValue)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(wrappedValue: container.decodeNil() ? nil : try container.decode(Double.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.wrappedValue)
    }
}

// Synthesized Codable calls these for a wrapped property (the concrete overload wins over the generic one), so a
// `@CompactDouble` field encodes and decodes as an optional one: absent when unknown.
extension KeyedEncodingContainer {
    public mutating func encode(_ value: CompactDouble, forKey key: Key) throws {
        try self.encodeIfPresent(value.wrappedValue, forKey: key)
    }
}

extension KeyedDecodingContainer {
    public func decode(_ type: CompactDouble.Type, forKey key: Key) throws -> CompactDouble {
        CompactDouble(wrappedValue: try self.decodeIfPresent(Double.self, forKey: key))
    }
}
