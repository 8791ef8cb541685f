/// What profiles may ask for and how many are kept: the server's configuration hands these to `ProfileCenter`.
public struct ProfileLimits: Sendable, Hashable {
    public var durations: ClosedRange<Int>
    public var perNode: Int
    public var kept: Int
    /// A profile with no result this long after its duration has failed.
    public var answerGraceSeconds: Int
    /// Folded stacks beyond this are refused (the agent caps its own output well below).
    public var maximumBytes: Int

    public init(
        durations: ClosedRange<Int> = 30...600,
        perNode: Int = 2,
        kept: Int = 200,
        answerGraceSeconds: Int = 120,
        maximumBytes: Int = 32 << 20
    ) {
        self.durations = durations
        self.perNode = perNode
        self.kept = kept
        self.answerGraceSeconds = answerGraceSeconds
        self.maximumBytes = maximumBytes
    }
}
