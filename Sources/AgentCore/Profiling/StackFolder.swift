/// Folds `perf script -F comm,pid,tid,ip,sym,dso` output into collapsed stacks (`root;…;leaf count`), the format
/// flamegraph tools read — done here, so no Perl scripts are needed on the node.
///
/// Frame names are kept whole, spaces included (C++ signatures, `[unknown]`); only `;`, the separator, is
/// replaced (by `:`). Each stack starts with the frames `roots` gives for its process — the container and the
/// process — so one profile of a pod shows each container and process as its own tower.
public struct StackFolder {
    /// Root frames for a sample of `pid` whose command is `comm`.
    public typealias Roots = (_ pid: Int32, _ comm: String) -> [String]

    private let roots: Roots
    private var header: (pid: Int32, comm: String)?
    private var frames: [String] = []
    private var pending: [UInt8] = []
    public private(set) var counts: [String: UInt64] = [:]
    public private(set) var samples: UInt64 = 0

    public init(roots: @escaping Roots) {
        self.roots = roots
    }

    /// Feeds raw output; lines may be split anywhere between calls.
    public mutating func push(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                self.line(String(decoding: self.pending, as: UTF8.self))
                self.pending.removeAll(keepingCapacity: true)
            } else {
                self.pending.append(byte)
            }
        }
    }

    /// Ends the input (the last sample may lack its blank line).
    public mutating func finish() {
        if !self.pending.isEmpty {
            self.line(String(decoding: self.pending, as: UTF8.self))
            self.pending.removeAll()
        }
        self.endSample()
    }

    private mutating func line(_ line: String) {
        if line.allSatisfy(\.isWhitespace) {
            self.endSample()
        } else if line.first == " " || line.first == "\t" {
            if self.header != nil { self.frames.append(Self.frame(line)) }
        } else {
            self.endSample()
            self.header = Self.header(line)
        }
    }

    private mutating func endSample() {
        defer {
            self.header = nil
            self.frames.removeAll(keepingCapacity: true)
        }
        guard let header = self.header else { return }
        let stack = self.roots(header.pid, header.comm).map(Self.clean) + self.frames.reversed()
        self.counts[stack.joined(separator: ";"), default: 0] += 1
        self.samples += 1
    }

    /// `comm pid/tid` (a comm may contain spaces: the numbers are the last word).
    static func header(_ line: String) -> (pid: Int32, comm: String)? {
        let trimmed = line.trimmingSuffix(while: \.isWhitespace)
        guard let space = trimmed.lastIndex(of: " ") else { return nil }
        let ids = trimmed[trimmed.index(after: space)...]
        guard let pid = Int32(ids.split(separator: "/").first ?? "") else { return nil }
        return (pid, String(trimmed[..<space]).trimmingSuffix(while: \.isWhitespace))
    }

    /// `\t  7f12ab sym with spaces (/usr/lib/libc.so.6)` → `sym with spaces`; an unknown symbol becomes
    /// `[libc.so.6]` (its object), or `[unknown]`.
    static func frame(_ line: String) -> String {
        var rest = Substring(line).drop { $0 == " " || $0 == "\t" }
        rest = rest.drop { $0 != " " }.dropFirst()  // the address
        var object: Substring?
        if rest.hasSuffix(")"), let open = Self.lastOpening(rest) {
            object = rest[rest.index(open, offsetBy: 2)..<rest.index(before: rest.endIndex)]
            rest = rest[..<open]
        }
        let symbol = rest.trimmingSuffix(while: \.isWhitespace)
        if symbol.isEmpty || symbol == "[unknown]" {
            guard let object, !object.isEmpty, object != "[unknown]" else { return "[unknown]" }
            return "[\(Self.clean(String(object.split(separator: "/").last ?? object)))]"
        }
        return Self.clean(String(symbol))
    }

    /// Where the last ` (` starts (the object in parentheses follows the symbol, which may contain some).
    static func lastOpening(_ text: Substring) -> Substring.Index? {
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            if text[index] == "(", index > text.startIndex, text[text.index(before: index)] == " " {
                return text.index(before: index)
            }
        }
        return nil
    }

    static func clean(_ frame: String) -> String {
        frame.contains(";") ? String(frame.map { $0 == ";" ? ":" : $0 }) : frame
    }

    /// The folded text, heaviest stacks first, cut (whole lines) at `limit` bytes.
    public func folded(limit: Int) -> (text: String, truncated: Bool) {
        var text = ""
        for (stack, count) in self.counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            let line = "\(stack) \(count)\n"
            guard text.utf8.count + line.utf8.count <= limit else { return (text, true) }
            text += line
        }
        return (text, false)
    }
}

extension StringProtocol {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var end = self.endIndex
        while end > self.startIndex, predicate(self[self.index(before: end)]) { end = self.index(before: end) }
        return String(self[..<end])
    }
}

/// Holds a non-Sendable `roots` closure and is built and drained within one profile task.
@available(*, unavailable)
extension StackFolder: Sendable {}
