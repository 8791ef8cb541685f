import KernelStats
import Telemetry

/// One cgroup reader per container, created when the container's first process is seen and dropped
/// when it has no process left or its cgroup disappears.
///
/// Each pass starts with ``probe(into:pass:issues:)``: the CPU time and memory use of every container known
/// from the last pass. A container where neither moved is idle — nothing in it ran — so neither its processes'
/// files nor its other cgroup files are read this pass; its last counters stand, for at most `refreshPasses`
/// passes.
final class ContainerCgroups {
    private let cgroupFS: CgroupFS
    private let budget: DescriptorBudget
    private let refreshPasses: Int
    private var readers: [Int: Entry] = [:]

    private struct Entry {
        var reader: CgroupReader
        var probe: CgroupProbe?
        var last: CgroupStats?
        var passesSinceRead = 0
    }

    init(cgroupRoot: String, budget: DescriptorBudget, refreshPasses: Int) {
        self.cgroupFS = CgroupFS(root: cgroupRoot)
        self.budget = budget
        self.refreshPasses = max(1, refreshPasses)
    }

    var layout: CgroupFS.Layout { self.cgroupFS.layout }

    /// Probes every known container; returns the slots that are idle this pass (their counters did not move,
    /// their last full read is younger than `refreshPasses`). With `refreshPasses` 1 nothing is ever idle.
    func probe(into buffer: inout ReadBuffer, pass: Int, issues: inout [CollectionIssue]) -> Set<Int> {
        var idle = Set<Int>()
        guard self.refreshPasses > 1 else { return idle }
        for (slot, entry) in self.readers {
            do {
                let probe = try entry.reader.probe(into: &buffer, pass: pass)
                let still =
                    probe == entry.probe && probe.cpuNanoseconds != nil && probe.memoryBytes != nil
                    && entry.last != nil && entry.passesSinceRead + 1 < self.refreshPasses
                self.readers[slot]?.probe = probe
                if still { idle.insert(slot) }
            } catch {
                // Gone or unreadable: read in full below, which reports it.
                if error.isOutOfDescriptors { continue }
            }
        }
        return idle
    }

    /// Reads the cgroup of each container (slot → the cgroup file of one of its processes); an idle one keeps
    /// its last counters.
    func read(
        _ containers: [Int: PIDCgroup],
        idle: Set<Int>,
        into buffer: inout ReadBuffer,
        pass: Int,
        issues: inout [CollectionIssue]
    ) -> [Int: (path: String?, stats: CgroupStats?)] {
        var next: [Int: Entry] = [:]
        var result: [Int: (path: String?, stats: CgroupStats?)] = [:]
        for (slot, cgroup) in containers {
            var entry =
                self.readers[slot]
                ?? Entry(
                    reader: CgroupReader(
                        directories: self.cgroupFS.directories(for: cgroup),
                        clockTicksPerSecond: SystemFacts.clockTicksPerSecond,
                        budget: self.budget
                    )
                )
            let reader = entry.reader
            let path = reader.version == .v2 ? reader.directories.unified : reader.directories.memory
            if idle.contains(slot), let last = entry.last {
                entry.passesSinceRead += 1
                result[slot] = (path, last)
                next[slot] = entry
                continue
            }
            do {
                let stats = try reader.read(into: &buffer, pass: pass)
                entry.last = stats
                entry.passesSinceRead = 0
                result[slot] = (path, stats)
                next[slot] = entry
            } catch {
                // Gone between the /proc pass and now, or unreadable: the processes are still shown.
                if error.kind != .gone && !error.isOutOfDescriptors { issues.append(CollectionIssue(error)) }
                result[slot] = (path, nil)
            }
        }
        self.readers = next
        return result
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension ContainerCgroups: Sendable {}
