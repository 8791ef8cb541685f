/// A counter table as the server keeps it: a bitmask of the counters present and each one's LEB128 varint, in
/// slot order. Most counters are far below 2^32, so a table of 50 takes ~100 bytes where its optionals took ~800.
enum VarintTable {
    /// The presence bitmask and the bytes `write` needs; nil for a table of more than 64 counters.
    static func measure(_ counters: [UInt64?]) -> (present: UInt64, byteCount: Int)? {
        guard counters.count <= 64 else { return nil }
        var present: UInt64 = 0
        var byteCount = 0
        for index in counters.indices {
            guard let value = counters[index] else { continue }
            present |= 1 << UInt64(index)
            byteCount += value == 0 ? 1 : (70 - value.leadingZeroBitCount) / 7
        }
        return (present, byteCount)
    }

    /// Writes the present counters' varints (`measure`'s byte count of them).
    static func write(_ counters: [UInt64?], to bytes: UnsafeMutablePointer<UInt8>) {
        var offset = 0
        for case let value? in counters {
            var rest = value
            while rest >= 0x80 {
                bytes[offset] = UInt8(truncatingIfNeeded: rest) | 0x80
                rest >>= 7
                offset += 1
            }
            bytes[offset] = UInt8(truncatingIfNeeded: rest)
            offset += 1
        }
    }

    /// Calls `body` with each present counter below `limit`, in slot order.
    static func visit(
        _ bytes: UnsafePointer<UInt8>,
        byteCount: Int,
        present: UInt64,
        upTo limit: Int,
        _ body: (Int, UInt64) -> Void
    ) {
        var offset = 0
        var remaining = present
        while remaining != 0 {
            let index = remaining.trailingZeroBitCount
            guard index < limit else { return }
            remaining &= remaining &- 1
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < byteCount {
                let byte = bytes[offset]
                offset += 1
                if shift < 64 { value |= UInt64(byte & 0x7f) << shift }
                shift += 7
                if byte < 0x80 { break }
            }
            body(index, value)
        }
    }

    /// The whole table of `count` counters.
    static func counters(
        _ bytes: UnsafePointer<UInt8>,
        byteCount: Int,
        present: UInt64,
        count: Int
    ) -> [UInt64?] {
        var table = [UInt64?](repeating: nil, count: count)
        Self.visit(bytes, byteCount: byteCount, present: present, upTo: count) { index, value in table[index] = value }
        return table
    }
}
