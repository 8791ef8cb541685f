internal import SystemPackage

/// A kernel file read again and again — a process's `stat`, a cgroup's `memory.current` — through a descriptor
/// kept open while it pays for itself: once the file has been read in two passes in a row and the
/// ``DescriptorBudget`` has a place. A file left unread for `idlePasses` passes gives its place back. Every
/// other read opens, reads and closes the file.
///
/// For `/proc/PID/*` a kept descriptor fails with ESRCH once the process is gone; a file opened afresh could
/// belong to a new process with the same PID, so callers check the start time in `stat` (``PIDStat``).
///
/// Not Sendable: each collector owns its files and uses them from one task.
public final class PolledFile {
    public let path: String
    private let budget: DescriptorBudget
    private var kept: KernelFile?
    private var lastPass = Int.min
    private var streak = 0

    public init(path: String, budget: DescriptorBudget) {
        self.path = path
        self.budget = budget
    }

    deinit {
        if self.kept != nil { self.budget.give() }
    }

    /// Whether a descriptor is kept for this file now.
    public var isKept: Bool { self.kept != nil }

    /// Reads the whole file in pass `pass` (a number that grows by one every pass). Throws `.gone` when the
    /// file (or its process) no longer exists.
    public func read(into buffer: inout ReadBuffer, pass: Int) throws(KernelStatsError) -> ArraySlice<UInt8> {
        self.streak = pass == self.lastPass + 1 ? self.streak + 1 : (pass == self.lastPass ? self.streak : 1)
        self.lastPass = pass
        if let kept = self.kept { return try kept.read(into: &buffer) }
        if self.streak >= 2, self.budget.take() {
            do {
                let file = try KernelFile(path: self.path)
                self.kept = file
                return try file.read(into: &buffer)
            } catch {
                self.kept = nil
                self.budget.give()
                if error.isOutOfDescriptors { self.budget.ranOut() }
                throw error
            }
        }
        self.budget.transientRead()
        do {
            return try KernelFile(path: self.path).read(into: &buffer)
        } catch {
            if error.isOutOfDescriptors { self.budget.ranOut() }
            throw error
        }
    }

    /// Reads and parses in one call; parse errors carry this file's path.
    public func parse<T: KernelFileParsable>(
        _: T.Type,
        buffer: inout ReadBuffer,
        pass: Int
    ) throws(KernelStatsError) -> T {
        let bytes = try self.read(into: &buffer, pass: pass)
        do {
            return try T(parsing: bytes)
        } catch {
            var located = error
            located.file = self.path
            throw located
        }
    }

    /// Gives the kept descriptor back when the file has not been read for `idlePasses` passes before `pass`.
    public func release(ifIdleSince pass: Int, idlePasses: Int) {
        guard self.kept != nil, pass - self.lastPass >= idlePasses else { return }
        self.kept = nil
        self.budget.give()
    }
}

@available(*, unavailable, message: "owned by one collector")
extension PolledFile: Sendable {}
