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
