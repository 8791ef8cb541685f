import Foundation

/// Where a command's output goes and what environment it reads: the process's by default, a test's own inside
/// `Console.$current.withValue`.
public struct Console: Sendable {
    public var environment: [String: String]
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    /// Whether `out` is a terminal: `top --watch` clears the screen only then.
    public var isTerminal: Bool

    public init(
        environment: [String: String],
        isTerminal: Bool = false,
        out: @escaping @Sendable (String) -> Void,
        err: @escaping @Sendable (String) -> Void
    ) {
        self.environment = environment
        self.isTerminal = isTerminal
        self.out = out
        self.err = err
    }

    @TaskLocal public static var current = Console(
        environment: ProcessInfo.processInfo.environment,
        isTerminal: isatty(STDOUT_FILENO) == 1,
        out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        err: { text in FileHandle.standardError.write(Data(text.utf8)) }
    )

    static func print(_ text: String) { Self.current.out(text.hasSuffix("\n") ? text : text + "\n") }
    static func error(_ text: String) { Self.current.err(text.hasSuffix("\n") ? text : text + "\n") }
}
