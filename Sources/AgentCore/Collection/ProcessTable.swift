import KernelStats
import Telemetry

/// Every process on the node, followed across passes: one directory listing of /proc per pass, new
/// PIDs read once, exited ones dropped (and their kept descriptors closed).
final class ProcessTable {
    private let procRoot: String
    private let policy: ReadPolicy
    private let budget: DescriptorBudget
    let slots = ContainerSlots()
    private var tracked: [Int32: TrackedProcess] = [:]
    /// Processes of idle containers reused without a read in the last pass.
    private(set) var skipped = 0

    init(procRoot: String, policy: ReadPolicy, budget: DescriptorBudget) {
        self.procRoot = procRoot
        self.policy = policy
        self.budget = budget
    }

    /// The number of processes followed now.
    var count: Int { self.tracked.count }

    /// Lists /proc once and hands every process's sample to `visit` (no intermediate array: a pass over
    /// ~1,000 processes would copy ~1 MB for nothing). A known process whose container is `idle` (its cgroup's
    /// CPU and memory counters did not move since the last pass) is not read: its last sample stands, for at
    /// most `refreshPasses` passes. Arrivals and exits are seen in the listing every pass. Processes that exit
    /// during the pass are dropped silently: that is not an error.
    func sample(
        into buffer: inout ReadBuffer,
        issues: inout [CollectionIssue],
        pass: Int,
        idle: (Int) -> Bool,
        visit: (TrackedProcess, ProcessSnapshot) -> Void
    ) throws(KernelStatsError) {
        let pids = try Directory.pids(self.procRoot)
        var next: [Int32: TrackedProcess] = [:]
        next.reserveCapacity(pids.count)
        var skipped = 0
        for pid in pids {
            do {
                let process: TrackedProcess
                if let known = self.tracked[pid] {
                    process = known
                    if let slot = known.containerSlot, idle(slot),
                        let last = known.reuse(pass: pass, refreshPasses: self.policy.refreshPasses)
                    {
                        skipped += 1
                        next[pid] = process
                        visit(process, last)
                        continue
                    }
                } else {
                    process = try TrackedProcess(
                        pid: pid,
                        procRoot: self.procRoot,
                        buffer: &buffer,
                        slots: self.slots,
                        budget: self.budget,
                        pass: pass
                    )
                }
                let snapshot = try process.sample(into: &buffer, policy: self.policy, issues: &issues, pass: pass)
                next[pid] = process
                visit(process, snapshot)
            } catch  where error.kind == .gone {
                continue
            } catch  where error.isOutOfDescriptors {
                continue  // counted by the budget, reported once per pass; seen again next pass
            } catch {
                issues.append(CollectionIssue(error))
            }
        }
        // Entries not carried over are released here, closing their descriptors.
        self.tracked = next
        self.skipped = skipped
        self.slots.retain(Array(next.values))
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension ProcessTable: Sendable {}
