/// Server-rendered markup. String literals in the source are markup; **every interpolated value is
/// escaped** (`& < > " '`), unless it is itself `HTML`. So data from agents or requests can only ever be
/// text, in element content and in quoted attribute values alike.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var rendered: String

    public init(stringLiteral value: String) {
        self.rendered = value
    }

    public init(stringInterpolation: StringInterpolation) {
        self.rendered = stringInterpolation.output
    }

    /// Markup built elsewhere and already safe (e.g. joined fragments).
    init(trusted: String) {
        self.rendered = trusted
    }

    public var description: String { self.rendered }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            self.output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) {
            self.output += literal
        }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) {
            self.output += HTML.escape(text)
        }

        /// Numbers and other values: their description, escaped.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            self.output += HTML.escape(value.description)
        }

        /// Markup: as is.
        public mutating func appendInterpolation(_ html: HTML) {
            self.output += html.rendered
        }

        /// A list of markup: concatenated.
        public mutating func appendInterpolation(_ list: [HTML]) {
            for item in list { self.output += item.rendered }
        }
    }

    /// Escapes the five characters that matter in content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// A URL path segment: every byte outside the unreserved set percent-encoded (then safe in HTML too).
    public static func segment(_ text: String) -> String {
        // A segment that is exactly `.` or `..` would be resolved away by the browser (a link to another
        // route): its dots are encoded too (security review L5).
        if text == "." || text == ".." { return String(repeating: "%2E", count: text.count) }
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result += "%"
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return result
    }

    /// Decodes `%XX` sequences (path parameters arrive encoded); invalid sequences are kept as they are.
    public static func decodeSegment(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
