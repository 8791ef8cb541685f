/// The Prometheus text exposition format (version 0.0.4) as the kubelet's `/metrics*` endpoints serve it, read
/// defensively: a line it cannot read is skipped and counted, never trusted; label values keep their escapes
/// (`\\`, `\"`, `\n`) decoded.
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
        var samples: [Sample] = []
        var unreadable = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let nameEnd = trimmed.firstIndex { $0 == "{" || $0 == " " || $0 == "\t" } ?? trimmed.endIndex
            let name = String(trimmed[..<nameEnd])
            if let names, !names.contains(name) { continue }
            guard let sample = Self.sample(name: name, rest: trimmed[nameEnd...]) else {
                unreadable += 1
                continue
            }
            samples.append(sample)
        }
        return (samples, unreadable)
    }

    private static func sample(name: String, rest: Substring) -> Sample? {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else {
            return nil
        }
        var labels: [String: String] = [:]
        var cursor = rest.startIndex
        func skipSpaces(_ index: inout Substring.Index) {
            while index < rest.endIndex, rest[index] == " " || rest[index] == "\t" { index = rest.index(after: index) }
        }
        if rest.first == "{" {
            cursor = rest.index(after: cursor)
            skipSpaces(&cursor)
            while cursor < rest.endIndex, rest[cursor] != "}" {
                guard let equals = rest[cursor...].firstIndex(of: "=") else { return nil }
                let key = String(rest[cursor..<equals]).trimmingSpaces
                var index = rest.index(after: equals)
                skipSpaces(&index)
                guard index < rest.endIndex, rest[index] == "\"", !key.isEmpty else { return nil }
                index = rest.index(after: index)
                var value = ""
                var closed = false
                while index < rest.endIndex {
                    let character = rest[index]
                    if character == "\\" {
                        index = rest.index(after: index)
                        guard index < rest.endIndex else { return nil }
                        value.append(rest[index] == "n" ? "\n" : rest[index])
                    } else if character == "\"" {
                        closed = true
                        break
                    } else {
                        value.append(character)
                    }
                    index = rest.index(after: index)
                }
                guard closed else { return nil }
                labels[key] = value
                cursor = rest.index(after: index)
                skipSpaces(&cursor)
                if cursor < rest.endIndex, rest[cursor] == "," {
                    cursor = rest.index(after: cursor)
                    skipSpaces(&cursor)
                }
            }
            guard cursor < rest.endIndex else { return nil }
            cursor = rest.index(after: cursor)
        }
        let fields = rest[cursor...].split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = fields.first, fields.count <= 2, let value = Self.number(first) else { return nil }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces (label names in `{ a="b" }`).
    fileprivate var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
