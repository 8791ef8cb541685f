/// The Prometheus text exposition format (version 0.0.4) as the kubelet's `/metrics*` endpoints serve it, read
/// defensively: a line it cannot read is skipped and counted, never trusted; label values keep their escapes
/// (`\\`, `\"`, `\n`) decoded.
///
/// Read as UTF-8 bytes, not Characters: a 100-pod node's `/metrics/cadvisor` and `/metrics/probes` are over a
/// megabyte every round, and grapheme-by-grapheme parsing cost the agent 80 times its own collection pass.
public enum PrometheusText: Sendable {
    public struct Sample: Sendable, Hashable {
        public var name: String
        public var labels: [String: String]
        public var value: Double

        public init(name: String, labels: [String: String], value: Double) {
            self.name = name
            self.labels = labels
            self.value = value
        }
    }

    /// The samples of the metrics named in `names` (every metric when nil), and how many lines could not be read.
    public static func samples(_ text: String, names: Set<String>? = nil) -> (samples: [Sample], unreadable: Int) {
        var text = text
        return text.withUTF8 { bytes in Self.samples(bytes, names: names) }
    }

    private static func samples(
        _ bytes: UnsafeBufferPointer<UInt8>,
        names: Set<String>?
    ) -> (samples: [Sample], unreadable: Int) {
        var samples: [Sample] = []
        var unreadable = 0
        // Compared as bytes: most lines of a cAdvisor answer are skipped, without a String or a hash each.
        let wanted = names.map { names in names.map { Array($0.utf8) } }
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != .newline { end += 1 }
            defer { start = end + 1 }
            var cursor = start
            while cursor < end, bytes[cursor].isBlank { cursor += 1 }
            if cursor == end || bytes[cursor] == .hash { continue }
            let nameStart = cursor
            while cursor < end, bytes[cursor] != .openBrace, !bytes[cursor].isBlank { cursor += 1 }
            let nameBytes = bytes[nameStart..<cursor]
            if let wanted, !wanted.contains(where: { $0.elementsEqual(nameBytes) }) { continue }
            let name = String(decoding: UnsafeBufferPointer(rebasing: nameBytes), as: UTF8.self)
            var line = LineReader(bytes: UnsafeBufferPointer(rebasing: bytes[cursor..<end]))
            guard Self.isMetricName(bytes[nameStart..<cursor]), let sample = line.sample(name: name) else {
                unreadable += 1
                continue
            }
            samples.append(sample)
        }
        return (samples, unreadable)
    }

    private static func isMetricName(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        !bytes.isEmpty
            && bytes.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == 0x5F || byte == 0x3A
            }
    }

    static func number(_ text: String) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }
}

/// The rest of one sample line after its name: `{labels} value [timestamp]`.
private struct LineReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var cursor = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func sample(name: String) -> PrometheusText.Sample? {
        var labels: [String: String] = [:]
        if self.peek == .openBrace {
            self.cursor += 1
            self.skipBlanks()
            while let byte = self.peek, byte != .closeBrace {
                guard let (key, value) = self.label() else { return nil }
                labels[key] = value
                self.skipBlanks()
                if self.peek == .comma {
                    self.cursor += 1
                    self.skipBlanks()
                }
            }
            guard self.peek == .closeBrace else { return nil }
            self.cursor += 1
        }
        var fields: [String] = []
        while self.cursor < self.bytes.count {
            self.skipBlanks()
            let start = self.cursor
            while let byte = self.peek, !byte.isBlank { self.cursor += 1 }
            if self.cursor > start {
                fields.append(
                    String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.cursor]), as: UTF8.self)
                )
            }
        }
        guard let first = fields.first, fields.count <= 2, let value = PrometheusText.number(first) else { return nil }
        return PrometheusText.Sample(name: name, labels: labels, value: value)
    }

    /// `key="value"`, spaces allowed around `=`; the value's escapes decoded.
    private mutating func label() -> (String, String)? {
        let keyStart = self.cursor
        while let byte = self.peek, byte != .equals { self.cursor += 1 }
        guard self.peek == .equals else { return nil }
        var keyEnd = self.cursor
        while keyEnd > keyStart, self.bytes[keyEnd - 1].isBlank { keyEnd -= 1 }
        guard keyEnd > keyStart else { return nil }
        let key = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[keyStart..<keyEnd]), as: UTF8.self)
        self.cursor += 1
        self.skipBlanks()
        guard self.peek == .quote else { return nil }
        self.cursor += 1
        var value: [UInt8] = []
        while let byte = self.peek {
            self.cursor += 1
            switch byte {
            case .quote:
                return (key, String(decoding: value, as: UTF8.self))
            case .backslash:
                guard let escaped = self.peek else { return nil }
                self.cursor += 1
                value.append(escaped == 0x6E ? .newline : escaped)
            default:
                value.append(byte)
            }
        }
        return nil
    }

    private var peek: UInt8? { self.cursor < self.bytes.count ? self.bytes[self.cursor] : nil }

    private mutating func skipBlanks() {
        while let byte = self.peek, byte.isBlank { self.cursor += 1 }
    }
}

extension UInt8 {
    fileprivate static let newline: UInt8 = 0x0A
    fileprivate static let hash: UInt8 = 0x23
    fileprivate static let openBrace: UInt8 = 0x7B
    fileprivate static let closeBrace: UInt8 = 0x7D
    fileprivate static let comma: UInt8 = 0x2C
    fileprivate static let equals: UInt8 = 0x3D
    fileprivate static let quote: UInt8 = 0x22
    fileprivate static let backslash: UInt8 = 0x5C

    /// Space, tab, and the carriage return of a CRLF line ending.
    fileprivate var isBlank: Bool { self == 0x20 || self == 0x09 || self == 0x0D }
}
