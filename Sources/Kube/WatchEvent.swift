import Foundation

/// One line of a watch stream (`{"type":"ADDED","object":{…}}`), decoded.
public enum WatchEvent<Object: Decodable & Sendable>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// Only the resourceVersion to resume from (`allowWatchBookmarks=true`).
    case bookmark(resourceVersion: String)
    /// An error inside a 200 stream; `code == 410` (Expired / Gone) means: LIST again.
    case error(code: Int, message: String)

    struct Envelope: Decodable {
        var type: String
    }

    struct Typed: Decodable {
        var object: Object
    }

    struct Bookmark: Decodable {
        struct Object: Decodable {
            var metadata: KubePod.ObjectMeta
        }
        var object: Object
    }

    struct Failure: Decodable {
        struct Status: Decodable {
            var code: Int?
            var message: String?
            var reason: String?
        }
        var object: Status
    }

    /// Decodes one line; throws a message naming what was wrong.
    public static func decode(line: some Collection<UInt8>) throws -> WatchEvent {
        let data = Data(line)
        let decoder = JSONDecoder()
        let type = try decoder.decode(Envelope.self, from: data).type
        switch type {
        case "ADDED": return .added(try decoder.decode(Typed.self, from: data).object)
        case "MODIFIED": return .modified(try decoder.decode(Typed.self, from: data).object)
        case "DELETED": return .deleted(try decoder.decode(Typed.self, from: data).object)
        case "BOOKMARK":
            let version = try decoder.decode(Bookmark.self, from: data).object.metadata.resourceVersion ?? ""
            return .bookmark(resourceVersion: version)
        case "ERROR":
            let status = try decoder.decode(Failure.self, from: data).object
            return .error(code: status.code ?? 0, message: status.message ?? status.reason ?? "unknown watch error")
        default:
            throw KubeError("unknown watch event type '\(type.prefix(20))'")
        }
    }
}

/// Splits a chunked watch body into lines (a chunk may end mid-line, or hold several).
public struct LineSplitter: Sendable {
    private var pending: [UInt8] = []
    /// A line longer than this is refused (a runaway stream must not grow memory without bound).
    public let maximumLine: Int

    public init(maximumLine: Int = 16 << 20) {
        self.maximumLine = maximumLine
    }

    /// The complete lines now available.
    public mutating func push(_ bytes: some Sequence<UInt8>) throws -> [[UInt8]] {
        self.pending.append(contentsOf: bytes)
        var lines: [[UInt8]] = []
        var start = self.pending.startIndex
        while let newline = self.pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = self.pending[start..<newline]
            if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { lines.append(Array(line)) }
            start = newline + 1
        }
        self.pending.removeSubrange(..<start)
        guard self.pending.count <= self.maximumLine else {
            self.pending = []
            throw KubeError("a watch event longer than \(self.maximumLine) bytes")
        }
        return lines
    }
}

/// A Kubernetes API problem, as a sentence.
public struct KubeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
