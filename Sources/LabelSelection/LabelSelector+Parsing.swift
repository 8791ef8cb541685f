/// A selector that could not be read: what was wrong, for the form or the API's 400.
public struct LabelSelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { self.message }
}

extension LabelSelector {
    /// Parses Kubernetes' selector syntax; throws with the first problem (an unknown operator, an invalid key or
    /// value, an empty set, text past the limits).
    public init(parsing text: String) throws(LabelSelectorError) {
        guard text.utf8.count <= Self.maximumBytes else {
            throw LabelSelectorError(message: "a selector is at most \(Self.maximumBytes) bytes")
        }
        var tokens = try Tokenizer.tokens(text)[...]
        var requirements: [Requirement] = []
        while !tokens.isEmpty {
            requirements.append(try Self.requirement(&tokens))
            guard requirements.count <= Self.maximumRequirements else {
                throw LabelSelectorError(message: "a selector has at most \(Self.maximumRequirements) requirements")
            }
            guard let next = tokens.popFirst() else { break }
            guard next == .comma, !tokens.isEmpty else {
                throw LabelSelectorError(message: "expected ',' between requirements, found \(next)")
            }
        }
        self.init(requirements: requirements)
    }

    private static func requirement(_ tokens: inout ArraySlice<Token>) throws(LabelSelectorError) -> Requirement {
        if tokens.first == .bang {
            tokens.removeFirst()
            return Requirement(key: try Self.key(tokens.popFirst()), op: .doesNotExist, values: [])
        }
        let key = try Self.key(tokens.popFirst())
        switch tokens.first {
        case nil, .comma:
            return Requirement(key: key, op: .exists, values: [])
        case .equals, .notEquals:
            let op: Operator = tokens.removeFirst() == .equals ? .equals : .notEquals
            var value = ""
            if case .word(let word) = tokens.first {
                tokens.removeFirst()
                value = word
            }
            return Requirement(key: key, op: op, values: [try Self.value(value)])
        case .word("in"), .word("notin"):
            let op: Operator = tokens.removeFirst() == .word("in") ? .in : .notIn
            guard tokens.popFirst() == .open else {
                throw LabelSelectorError(message: "expected '(' after \(op.rawValue)")
            }
            var values: [String] = []
            while true {
                guard case .word(let word) = tokens.popFirst() else {
                    throw LabelSelectorError(message: "expected a value in the set of \(key)")
                }
                values.append(try Self.value(word))
                let next = tokens.popFirst()
                if next == .close { break }
                guard next == .comma else {
                    throw LabelSelectorError(message: "expected ',' or ')' in the set of \(key)")
                }
            }
            return Requirement(key: key, op: op, values: Array(Set(values)).sorted())
        case .some(let other):
            throw LabelSelectorError(message: "expected =, ==, !=, in or notin after \(key), found \(other)")
        }
    }

    private static func key(_ token: Token?) throws(LabelSelectorError) -> String {
        guard case .word(let key) = token else {
            throw LabelSelectorError(message: "expected a label key, found \(token.map { "\($0)" } ?? "the end")")
        }
        if let problem = LabelSyntax.keyProblem(key) { throw LabelSelectorError(message: "\(problem): '\(key)'") }
        return key
    }

    private static func value(_ value: String) throws(LabelSelectorError) -> String {
        if let problem = LabelSyntax.valueProblem(value) { throw LabelSelectorError(message: "\(problem): '\(value)'") }
        return value
    }
}

enum Token: Hashable, CustomStringConvertible {
    case word(String)
    case equals
    case notEquals
    case bang
    case comma
    case open
    case close

    var description: String {
        switch self {
        case .word(let word): "'\(word.prefix(64))'"
        case .equals: "'='"
        case .notEquals: "'!='"
        case .bang: "'!'"
        case .comma: "','"
        case .open: "'('"
        case .close: "')'"
        }
    }
}

enum Tokenizer {
    /// Splits selector text at whitespace and the operator characters; `==` reads as `=`.
    static func tokens(_ text: String) throws(LabelSelectorError) -> [Token] {
        var tokens: [Token] = []
        let bytes = Array(text.utf8)
        var index = 0
        var word: [UInt8] = []
        func flush() {
            if !word.isEmpty { tokens.append(.word(String(decoding: word, as: UTF8.self))) }
            word.removeAll()
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                flush()
            case UInt8(ascii: "="):
                flush()
                tokens.append(.equals)
                if next == UInt8(ascii: "=") { index += 1 }
            case UInt8(ascii: "!"):
                flush()
                if next == UInt8(ascii: "=") {
                    tokens.append(.notEquals)
                    index += 1
                } else {
                    tokens.append(.bang)
                }
            case UInt8(ascii: ","):
                flush()
                tokens.append(.comma)
            case UInt8(ascii: "("):
                flush()
                tokens.append(.open)
            case UInt8(ascii: ")"):
                flush()
                tokens.append(.close)
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                throw LabelSelectorError(message: "'<' and '>' are not label selector operators")
            case 0..<0x20, 0x7f:
                throw LabelSelectorError(message: "a selector has no control characters")
            default:
                word.append(byte)
            }
            index += 1
        }
        flush()
        return tokens
    }
}
