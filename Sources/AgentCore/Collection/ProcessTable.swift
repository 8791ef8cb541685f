import KernelStats
import Telemetry

/// Every process on the node, followed across passes: one directory listing of /proc per pass, new
/// PIDs opened once, exited ones closed.
final class ProcessTable {
    private let procRoot: String
    private var tracked: [Int32: TrackedProcess] = [:]

    init(procRoot: String) {
        self.procRoot = procRoot
    }

    /// The number of processes followed now.
    var count: Int { self.tracked.count }

    /// Lists /proc once, samples every process, and returns each sample with its tracked entry (for the
    /// identity and namespace facts). Processes that exit during the pass are dropped silently: that is
    /// not an error.
    func sample(
        into buffer: inout ReadBuffer,
        issues: inout [CollectionIssue]
    ) throws(KernelStatsError) -> [(TrackedProcess, ProcessSnapshot)] {
        let pids = try Directory.pids(self.procRoot)
        var next: [Int32: TrackedProcess] = [:]
        next.reserveCapacity(pids.count)
        var result: [(TrackedProcess, ProcessSnapshot)] = []
        result.reserveCapacity(pids.count)
        for pid in pids {
            do {
                let process: TrackedProcess
                if let known = self.tracked[pid] {
                    process = known
                } else {
                    process = try TrackedProcess(pid: pid, procRoot: self.procRoot, buffer: &buffer)
                }
                let snapshot = try process.sample(into: &buffer, issues: &issues)
                guard snapshot.stat.starttime == process.starttime else { continue }  // defensive: never mix lifetimes
                next[pid] = process
                result.append((process, snapshot))
            } catch  where error.kind == .gone {
                continue
            } catch {
                issues.append(CollectionIssue(error))
            }
        }
        // Entries not carried over are released here, closing their descriptors.
        self.tracked = next
        return result
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension ProcessTable: Sendable {}
