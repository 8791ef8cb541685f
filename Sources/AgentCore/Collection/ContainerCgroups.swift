import KernelStats
import Telemetry

/// One cgroup reader per container, created when the container's first process is seen and dropped
/// when it has no process left or its cgroup disappears.
final class ContainerCgroups {
    private let cgroupFS: CgroupFS
    private var readers: [Int: CgroupReader] = [:]

    init(cgroupRoot: String) {
        self.cgroupFS = CgroupFS(root: cgroupRoot)
    }

    var layout: CgroupFS.Layout { self.cgroupFS.layout }

    /// Reads the cgroup of each container (slot → the cgroup file of one of its processes).
    func read(
        _ containers: [Int: PIDCgroup],
        into buffer: inout ReadBuffer,
        issues: inout [CollectionIssue]
    ) -> [Int: (path: String?, stats: CgroupStats?)] {
        var next: [Int: CgroupReader] = [:]
        var result: [Int: (path: String?, stats: CgroupStats?)] = [:]
        for (slot, cgroup) in containers {
            let reader =
                self.readers[slot]
                ?? CgroupReader(
                    directories: self.cgroupFS.directories(for: cgroup),
                    clockTicksPerSecond: SystemFacts.clockTicksPerSecond
                )
            let path = reader.version == .v2 ? reader.directories.unified : reader.directories.memory
            do {
                result[slot] = (path, try reader.read(into: &buffer))
                next[slot] = reader
            } catch {
                // Gone between the /proc pass and now, or unreadable: the processes are still shown.
                if error.kind != .gone { issues.append(CollectionIssue(error)) }
                result[slot] = (path, nil)
            }
        }
        self.readers = next
        return result
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension ContainerCgroups: Sendable {}
