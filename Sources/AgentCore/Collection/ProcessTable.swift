import KernelStats
import Telemetry

/// Every process on the node, followed across passes: one directory listing of /proc per pass, new
/// PIDs opened once, exited ones closed.
final class ProcessTable {
    private let procRoot: String
    private let policy: ReadPolicy
    let slots = ContainerSlots()
    private var tracked: [Int32: TrackedProcess] = [:]

    init(procRoot: String, policy: ReadPolicy) {
        self.procRoot = procRoot
        self.policy = policy
    }

    /// The number of processes followed now.
    var count: Int { self.tracked.count }

    /// Lists /proc once and hands every process's sample to `visit` (no intermediate array: a pass over
    /// ~1,000 processes would copy ~1 MB for nothing). Processes that exit during the pass are dropped
    /// silently: that is not an error.
    func sample(
        into buffer: inout ReadBuffer,
        issues: inout [CollectionIssue],
        visit: (TrackedProcess, ProcessSnapshot) -> Void
    ) throws(KernelStatsError) {
        let pids = try Directory.pids(self.procRoot)
        var next: [Int32: TrackedProcess] = [:]
        next.reserveCapacity(pids.count)
        for pid in pids {
            do {
                let process: TrackedProcess
                if let known = self.tracked[pid] {
                    process = known
                } else {
                    process = try TrackedProcess(pid: pid, procRoot: self.procRoot, buffer: &buffer, slots: self.slots)
                }
                let snapshot = try process.sample(into: &buffer, policy: self.policy, issues: &issues)
                guard snapshot.stat.starttime == process.starttime else { continue }  // defensive: never mix lifetimes
                next[pid] = process
                visit(process, snapshot)
            } catch  where error.kind == .gone {
                continue
            } catch {
                issues.append(CollectionIssue(error))
            }
        }
        // Entries not carried over are released here, closing their descriptors.
        self.tracked = next
        self.slots.retain(Array(next.values))
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension ProcessTable: Sendable {}
