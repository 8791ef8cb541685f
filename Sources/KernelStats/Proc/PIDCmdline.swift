/// `/proc/PID/cmdline`: the argument vector, NUL-separated.
///
/// Example (bytes): `nginx: worker process\0\0` or `/usr/bin/python3\0-m\0http.server\0`. Kernel
/// threads and zombies have an empty file, which parses to no arguments (not an error).
public struct PIDCmdline: KernelFileParsable, Hashable, Codable {
    public static let fileName = "/proc/[pid]/cmdline"

    public var arguments: [String]

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        var trimmed = bytes
        while trimmed.last == ASCII.nul { trimmed = trimmed.dropLast() }
        self.arguments =
            trimmed.isEmpty ? [] : trimmed.split(separator: ASCII.nul, omittingEmptySubsequences: false).map(\.string)
    }

    /// The arguments joined by spaces, for display.
    public var joined: String { self.arguments.joined(separator: " ") }
}
