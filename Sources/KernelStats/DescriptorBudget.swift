/// How many files a collector may keep open between passes, and what reading the rest cost.
///
/// A kept descriptor makes a re-read cheap (pread at offset 0, no path walk), but each one pins kernel memory
/// charged to the agent's cgroup — about 4.6 KB for a /proc or cgroup file once read (its seq_file buffer and
/// file structures, measured here) — and counts against RLIMIT_NOFILE. So descriptors are kept only for files
/// read pass after pass, up to `limit`; every other read opens, reads and closes.
///
/// Not Sendable: one collector owns it and uses it from one task.
public final class DescriptorBudget {
    /// Descriptors that may be kept at once.
    public let limit: Int
    /// Descriptors kept now.
    public private(set) var kept = 0
    /// Reads this pass that opened and closed their file (the budget was spent, or the file is not read often
    /// enough to keep).
    public private(set) var transientReads = 0
    /// Opens this pass that failed because the process or the system ran out of descriptors (EMFILE, ENFILE):
    /// the read then failed too. Never expected under a budget below RLIMIT_NOFILE; reported once per pass.
    public private(set) var exhausted = 0

    public init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Takes a place for a descriptor to keep; false when the budget is spent.
    func take() -> Bool {
        guard self.kept < self.limit else { return false }
        self.kept += 1
        return true
    }

    /// Gives back a kept descriptor's place (its file was closed).
    func give() {
        self.kept = max(0, self.kept - 1)
    }

    func transientRead() { self.transientReads += 1 }
    func ranOut() { self.exhausted += 1 }

    /// Starts a pass's counts over (`kept` carries across passes).
    public func startPass() {
        self.transientReads = 0
        self.exhausted = 0
    }
}

@available(*, unavailable, message: "owned by one collector")
extension DescriptorBudget: Sendable {}
