import KernelStats
import Telemetry

/// When a process's `status`, `statm` and `io` are re-read. `stat` (and `schedstat`) are read every pass.
///
/// `status` is the most expensive file procfs has (~60 % of a process's read cost here) and, like `statm`
/// and `io`, it can only change when the process runs or its memory is reclaimed. So they are re-read when:
/// - `stat` changed in anything but the RSS (CPU ticks, faults, threads, state, CPU, nice…), or
/// - the RSS changed (reclaim moves VmRSS/VmSwap and statm), or
/// - the main thread's `schedstat` run count or run time changed (it ran, even for less than a tick), or
/// - the process has more than one thread (another thread may have run unseen): then `io` is read every
///   pass, and `status` when `io` or `stat` moved;
/// - and in any case every `refreshPasses` passes, which bounds what can lag: fields another process
///   changes without the target running (`Cpus_allowed_list` after a `taskset`, seccomp, uids) and the
///   context switches of a multi-threaded process whose other threads woke without a tick or a read/write.
/// `refreshPasses == 1` reads every file every pass.
public struct ReadPolicy: Sendable, Hashable {
    public var refreshPasses: Int

    public init(refreshPasses: Int = 12) {
        self.refreshPasses = max(refreshPasses, 1)
    }

    struct Decision {
        var status: Bool
        var io: Bool
    }

    func decide(
        previous: ProcessSnapshot?,
        stat: PIDStat,
        schedstat: (previous: PIDSchedstat?, current: PIDSchedstat?),
        passesSinceFullRead: Int
    ) -> Decision {
        guard let previous, self.refreshPasses > 1, passesSinceFullRead < self.refreshPasses,
            schedstat.previous != nil, schedstat.current != nil
        else { return Decision(status: true, io: true) }
        let ran = stat != previous.stat || schedstat.previous != schedstat.current
        // One thread: if it did not run, nothing of it moved. Several: io is the witness of the others.
        return Decision(status: ran, io: ran || stat.numThreads > 1)
    }
}
