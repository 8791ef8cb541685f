/// How the agent runs profiles (`--no-profiling`, `--perf`).
public struct ProfilingConfiguration: Sendable, Hashable {
    /// Off: commands are refused with a message saying so, and Hello does not offer `profiling`.
    public var enabled: Bool
    /// The perf binary.
    public var perfPath: String
    /// Profiles running at once on this node (the server also limits them).
    public var maximumConcurrent: Int
    /// Folded output beyond this is cut (whole stacks, heaviest kept) and marked truncated.
    public var maximumOutputBytes: Int
    /// Result chunk size on the wire.
    public var chunkBytes: Int
    /// perf is killed if it runs this long past the requested duration.
    public var watchdogGrace: Duration
    /// The longest profile and highest frequency the agent runs, whatever the server asks (the server's own
    /// limits are the same: a server that asks for more is refused with the reason).
    public var maximumDurationSeconds = 600
    public var maximumFrequencyHz = 1_000
    /// perf's files: `perf.data` stops growing at the first (`perf record --max-size`), `perf script` is stopped
    /// at the second (the file size limit of its process); what was written is folded and marked truncated.
    public var maximumRecordBytes = 128 << 20
    public var maximumScriptBytes = 256 << 20

    public init(
        enabled: Bool = true,
        perfPath: String = "/usr/bin/perf",
        maximumConcurrent: Int = 2,
        maximumOutputBytes: Int = 8 << 20,
        chunkBytes: Int = 256 << 10,
        watchdogGrace: Duration = .seconds(30)
    ) {
        self.enabled = enabled
        self.perfPath = perfPath
        self.maximumConcurrent = maximumConcurrent
        self.maximumOutputBytes = maximumOutputBytes
        self.chunkBytes = chunkBytes
        self.watchdogGrace = watchdogGrace
    }
}
