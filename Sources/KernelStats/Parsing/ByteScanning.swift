/// Byte-level helpers every parser shares. Kernel files are ASCII; nothing here allocates except
/// ``Swift/ArraySlice/string``.

/// The lines of a file, numbered from 1. A final line without a newline is still a line.
struct Lines: Sequence, IteratorProtocol {
    private var rest: KernelBytes
    private(set) var number = 0

    init(_ bytes: KernelBytes) {
        self.rest = bytes
    }

    mutating func next() -> (number: Int, text: KernelBytes)? {
        guard !self.rest.isEmpty else { return nil }
        self.number += 1
        if let newline = self.rest.firstIndex(of: ASCII.newline) {
            let line = self.rest[self.rest.startIndex..<newline]
            self.rest = self.rest[(newline + 1)...]
            return (self.number, line)
        }
        let line = self.rest
        self.rest = self.rest[self.rest.endIndex...]
        return (self.number, line)
    }
}

/// Whitespace-separated fields of one line (spaces and tabs; runs count as one separator).
struct Fields: Sequence, IteratorProtocol {
    private var rest: KernelBytes

    init(_ line: KernelBytes) {
        self.rest = line
    }

    mutating func next() -> KernelBytes? {
        var start = self.rest.startIndex
        let end = self.rest.endIndex
        while start < end, ASCII.isBlank(self.rest[start]) { start += 1 }
        guard start < end else {
            self.rest = self.rest[end...]
            return nil
        }
        var stop = start
        while stop < end, !ASCII.isBlank(self.rest[stop]) { stop += 1 }
        let field = self.rest[start..<stop]
        self.rest = self.rest[stop...]
        return field
    }

    /// The next field parsed as an unsigned decimal, or nil when absent or not a number.
    mutating func nextUInt64() -> UInt64? {
        self.next()?.asUInt64
    }

    /// Everything not yet consumed, without leading blanks.
    var remainder: KernelBytes {
        var start = self.rest.startIndex
        while start < self.rest.endIndex, ASCII.isBlank(self.rest[start]) { start += 1 }
        return self.rest[start...]
    }
}

enum ASCII {
    static let newline: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let zero: UInt8 = 0x30
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let comma: UInt8 = 0x2C
    static let nul: UInt8 = 0x00
    static let closeParen: UInt8 = 0x29
    static let openParen: UInt8 = 0x28
    static let slash: UInt8 = 0x2F

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == Self.space || byte == Self.tab
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- Self.zero < 10
    }
}

extension KernelBytes {
    /// An unsigned decimal; nil when empty, when any byte is not a digit, or on overflow.
    var asUInt64: UInt64? {
        guard !self.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in self {
            let digit = byte &- ASCII.zero
            guard digit < 10 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// A signed decimal (`-5`, `19`); nil when malformed.
    var asInt64: Int64? {
        guard let first = self.first else { return nil }
        if first == ASCII.minus {
            guard let magnitude = self.dropFirst().asUInt64, magnitude <= UInt64(Int64.max) else { return nil }
            return -Int64(magnitude)
        }
        guard let magnitude = self.asUInt64, magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// A decimal with an optional fraction (`0.06`, `12`); nil when malformed.
    var asDouble: Double? {
        guard let dot = self.firstIndex(of: ASCII.dot) else { return self.asUInt64.map { Double($0) } }
        guard let whole = self[self.startIndex..<dot].asUInt64 else { return nil }
        let fraction = self[(dot + 1)...]
        guard !fraction.isEmpty, fraction.count <= 18, let digits = fraction.asUInt64 else { return nil }
        var scale = 1.0
        for _ in 0..<fraction.count { scale *= 10 }
        return Double(whole) + Double(digits) / scale
    }

    /// The bytes decoded as UTF-8 (invalid sequences become U+FFFD).
    var string: String {
        String(decoding: self, as: UTF8.self)
    }

    /// Whether the bytes equal the ASCII text `literal`.
    @inline(__always)
    func equals(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard self.count == count else { return false }
        return self.matches(literal, count: count)
    }

    /// Whether the bytes start with the ASCII text `literal`.
    @inline(__always)
    func hasPrefix(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard self.count >= count else { return false }
        return self.matches(literal, count: count)
    }

    @inline(__always)
    private func matches(_ literal: StaticString, count: Int) -> Bool {
        let text = literal.utf8Start
        var index = self.startIndex
        for offset in 0..<count {
            guard self.base[index] == text[offset] else { return false }
            index += 1
        }
        return true
    }

    /// The slice without leading and trailing blanks.
    var trimmed: KernelBytes {
        var start = self.startIndex
        var end = self.endIndex
        while start < end, ASCII.isBlank(self[start]) { start += 1 }
        while end > start, ASCII.isBlank(self[end - 1]) || self[end - 1] == ASCII.newline { end -= 1 }
        return self[start..<end]
    }
}

extension Fields {
    /// Exactly `count` leading unsigned numbers of a one-line file (`statm`, `schedstat`); extra fields
    /// are ignored. Missing fields are `.truncated` (`.empty` for an empty file), non-numbers `.malformed`.
    static func numbers(
        _ count: Int,
        in bytes: KernelBytes,
        file: String
    ) throws(KernelStatsError) -> [UInt64] {
        var fields = Fields(bytes.trimmed)
        var values: [UInt64] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let field = fields.next() else {
                let kind: KernelStatsError.Kind = bytes.trimmed.isEmpty ? .empty : .truncated
                throw KernelStatsError(kind, file: file, line: 1, text: bytes, detail: "expected \(count) numbers")
            }
            guard let value = field.asUInt64 else {
                throw KernelStatsError(.malformed, file: file, line: 1, text: bytes, detail: "field is not a number")
            }
            values.append(value)
        }
        return values
    }
}
