public import Telemetry

/// The one error type of KernelStats: what went wrong, in which file, on which line, with which text.
///
/// A struct over a private enum (NIO's pattern) so that new kinds do not break the API.
public struct KernelStatsError: Error, Hashable, CustomStringConvertible {
    /// The category of failure; compare with the static members (`error.kind == .truncated`).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case empty
            case truncated
            case malformed
            case unreadable
            case tooLarge
            case gone
            case outOfDescriptors
        }
        private let base: Base

        /// The file had no content where content is required.
        public static let empty = Kind(base: .empty)
        /// A line ended before all required fields were read.
        public static let truncated = Kind(base: .truncated)
        /// A field that must be a number was not, or a line did not have the documented shape.
        public static let malformed = Kind(base: .malformed)
        /// The file could not be opened or read (permission, I/O error).
        public static let unreadable = Kind(base: .unreadable)
        /// The file exceeded the 1 MiB read cap.
        public static let tooLarge = Kind(base: .tooLarge)
        /// The file or process no longer exists (ENOENT, ESRCH; ENODEV for a removed cgroup's file).
        public static let gone = Kind(base: .gone)
        /// The file could not be opened because the process or the system has no descriptor left (EMFILE,
        /// ENFILE): nothing wrong with the file itself.
        public static let outOfDescriptors = Kind(base: .outOfDescriptors)

        public var description: String {
            switch self.base {
            case .empty: "empty"
            case .truncated: "truncated"
            case .malformed: "malformed"
            case .unreadable: "unreadable"
            case .tooLarge: "too large"
            case .gone: "gone"
            case .outOfDescriptors: "out of descriptors"
            }
        }
    }

    /// The category of failure.
    public var kind: Kind
    /// The file, e.g. `/proc/stat` or `/proc/42/status` (the full path once a reader has seen it).
    public var file: String
    /// The 1-based line number, or 0 when the error concerns the whole file.
    public var line: Int
    /// The offending text (at most 120 bytes of it).
    public var text: String
    /// What was expected.
    public var detail: String

    /// Creates an error; `text` is clipped so that a hostile file cannot bloat a log line.
    public init(_ kind: Kind, file: String, line: Int = 0, text: some Collection<UInt8> = [UInt8](), detail: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.text = String(decoding: text.prefix(120), as: UTF8.self)
        self.detail = detail
    }

    /// The open failed for want of a descriptor (``Kind/outOfDescriptors``).
    public var isOutOfDescriptors: Bool { self.kind == .outOfDescriptors }

    public var description: String {
        let location = self.line > 0 ? "\(self.file):\(self.line)" : self.file
        let quoted = self.text.isEmpty ? "" : " in \"\(self.text)\""
        return "\(location): \(self.kind): \(self.detail)\(quoted)"
    }
}

extension CollectionIssue {
    /// A failed read as the snapshot reports it.
    public init(_ error: KernelStatsError) {
        self.init(file: error.file, message: error.description)
    }
}
