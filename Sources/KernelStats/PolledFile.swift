/// A kernel file read again and again — a process's `stat`, a cgroup's `memory.current` — through a descriptor
/// kept open while it pays for itself: once the file has been read in two passes in a row and the
/// ``DescriptorBudget`` has a place. A file left unread for `idlePasses` passes gives its place back. Every
/// other read opens, reads and closes the file.
///
/// A value of 16 bytes, without its path (the owner builds it when a file must be opened): a node with 16,000
/// processes holds 80,000 of these. For `/proc/PID/*` a kept descriptor fails with ESRCH once the process is
/// gone; a file opened afresh could belong to a new process with the same PID, so callers check the start time
/// in `stat` (``PIDStat``).
public struct PolledFile {
    private var kept: KeptDescriptor?
    private var lastPass: Int32 = .min
    private var streak: UInt8 = 0

    public init() {}

    /// Whether a descriptor is kept for this file now.
    public var isKept: Bool { self.kept != nil }

    /// Reads the whole file at `path` in pass `pass` (a number that grows by one every pass). Throws `.gone`
    /// when the file (or its process) no longer exists.
    public mutating func read(
        _ path: @autoclosure () -> String,
        into buffer: inout ReadBuffer,
        pass: Int,
        budget: DescriptorBudget
    ) throws(KernelStatsError) -> ArraySlice<UInt8> {
        let pass = Int32(truncatingIfNeeded: pass)
        if pass != self.lastPass {
            self.streak = pass == self.lastPass &+ 1 ? min(self.streak, 254) + 1 : 1
            self.lastPass = pass
        }
        if let kept = self.kept { return try kept.file.read(into: &buffer) }
        if self.streak >= 2, budget.take() {
            do {
                let kept = KeptDescriptor(try KernelFile(path: path()), budget: budget)
                self.kept = kept
                return try kept.file.read(into: &buffer)
            } catch {
                if self.kept == nil { budget.give() }
                self.kept = nil
                if error.isOutOfDescriptors { budget.ranOut() }
                throw error
            }
        }
        budget.transientRead()
        do {
            return try KernelFile(path: path()).read(into: &buffer)
        } catch {
            if error.isOutOfDescriptors { budget.ranOut() }
            throw error
        }
    }

    /// Reads and parses in one call; parse errors carry the file's path.
    public mutating func parse<T: KernelFileParsable>(
        _: T.Type,
        _ path: @autoclosure () -> String,
        buffer: inout ReadBuffer,
        pass: Int,
        budget: DescriptorBudget
    ) throws(KernelStatsError) -> T {
        let bytes = try self.read(path(), into: &buffer, pass: pass, budget: budget)
        do {
            return try T(parsing: bytes)
        } catch {
            var located = error
            located.file = path()
            throw located
        }
    }

    /// Gives the kept descriptor back when the file has not been read for `idlePasses` passes before `pass`.
    public mutating func release(ifIdleSince pass: Int, idlePasses: Int) {
        guard self.kept != nil, Int(Int32(truncatingIfNeeded: pass) &- self.lastPass) >= idlePasses else { return }
        self.kept = nil
    }
}

@available(*, unavailable, message: "owned by one collector")
extension PolledFile: Sendable {}

/// A descriptor a ``PolledFile`` keeps, holding its place in the budget until it is closed.
final class KeptDescriptor {
    let file: KernelFile
    private let budget: DescriptorBudget

    /// `budget.take()` has already succeeded for it.
    init(_ file: KernelFile, budget: DescriptorBudget) {
        self.file = file
        self.budget = budget
    }

    deinit {
        self.budget.give()
    }
}

@available(*, unavailable, message: "owned by one collector")
extension KeptDescriptor: Sendable {}
