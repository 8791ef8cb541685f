/// Just enough of the protobuf wire format (tags, varints, length-delimited fields) to walk a message's fields
/// without building it: the delta fast path (`DeltaPayload`) reads the few fields that make up a steady
/// snapshot's containers and leaves everything else to SwiftProtobuf. Every read is bounds-checked; a read that
/// fails returns nil and the caller falls back to the generated decoder, which then names the fault.
struct ProtobufReader {
    enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    struct Field {
        var number: UInt64
        var type: WireType
        /// Varint fields: the value. Length-delimited: the bytes. Fixed: skipped (the fast path never needs them).
        var varint: UInt64
        var bytes: Range<Int>
        /// The whole field, tag included, as it appears in the message.
        var encoded: Range<Int>
    }

    private let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int
    private let end: Int

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>? = nil) {
        self.bytes = bytes
        self.offset = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? bytes.count
    }

    var isAtEnd: Bool { self.offset >= self.end }

    /// The next field, or nil at a malformed one (a truncated varint or length, a group, a bad wire type).
    mutating func next() -> Field? {
        let start = self.offset
        guard let tag = self.varint(), let type = WireType(rawValue: tag & 7), tag >> 3 != 0 else { return nil }
        var field = Field(number: tag >> 3, type: type, varint: 0, bytes: 0..<0, encoded: start..<start)
        switch type {
        case .varint:
            guard let value = self.varint() else { return nil }
            field.varint = value
        case .lengthDelimited:
            guard let length = self.varint(), length <= UInt64(self.end - self.offset) else { return nil }
            field.bytes = self.offset..<self.offset + Int(length)
            self.offset += Int(length)
        case .fixed64, .fixed32:
            let size = type == .fixed64 ? 8 : 4
            guard self.end - self.offset >= size else { return nil }
            self.offset += size
        }
        field.encoded = start..<self.offset
        return field
    }

    /// One base-128 varint; nil when truncated or longer than ten bytes.
    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while self.offset < self.end, shift < 64 {
            let byte = self.bytes[self.offset]
            self.offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    /// The varints of a packed repeated field, appended to `values` through `transform`; false when malformed.
    static func packed<T>(
        _ bytes: UnsafeRawBufferPointer,
        _ range: Range<Int>,
        into values: inout [T],
        _ transform: (UInt64) -> T
    ) -> Bool {
        var reader = ProtobufReader(bytes, range: range)
        while !reader.isAtEnd {
            guard let value = reader.varint() else { return false }
            values.append(transform(value))
        }
        return true
    }

    /// ZigZag-decoded `sint64`.
    static func sint64(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    /// ZigZag-decoded `sint32` (the varint truncated to 32 bits first, as protobuf's decoders do).
    static func sint32(_ value: UInt64) -> Int32 {
        let bits = UInt32(truncatingIfNeeded: value)
        return Int32(bitPattern: bits >> 1) ^ -Int32(bitPattern: bits & 1)
    }
}
