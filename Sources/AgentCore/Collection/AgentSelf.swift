import KernelStats
import Telemetry

/// The agent's own memory as Kubernetes counts it: the usage of its memory cgroup (anon, page cache and the
/// kernel memory charged to it — kept /proc descriptors pin kernel buffers there), not only its RSS. Read from
/// the agent's own view (`/proc/self/cgroup`, `/sys/fs/cgroup`), whatever `--proc-root` points at: in a pod that
/// is the container's cgroup, the one the kubelet holds against the DaemonSet's limit.
final class AgentSelf {
    private let usage: KernelFile?
    private let kernel: KernelFile?
    private let v2Stat: KernelFile?
    private let status: KernelFile?

    init(cgroupMount: String = "/sys/fs/cgroup", buffer: inout ReadBuffer) {
        self.status = try? KernelFile(path: "/proc/self/status")
        let memberships =
            (try? KernelFile.readOnce("/proc/self/cgroup", into: &buffer)).flatMap { try? PIDCgroup(parsing: $0) }?
            .memberships ?? []
        if let v1 = memberships.first(where: { $0.controllers.contains("memory") }) {
            let directory = "\(cgroupMount)/memory\(Self.relative(v1.path))"
            self.usage = try? KernelFile(path: "\(directory)/memory.usage_in_bytes")
            self.kernel = try? KernelFile(path: "\(directory)/memory.kmem.usage_in_bytes")
            self.v2Stat = nil
        } else if let v2 = memberships.first(where: { $0.hierarchyID == 0 }) {
            let directory = "\(cgroupMount)\(Self.relative(v2.path))"
            self.usage = try? KernelFile(path: "\(directory)/memory.current")
            self.kernel = nil
            self.v2Stat = try? KernelFile(path: "\(directory)/memory.stat")
        } else {
            (self.usage, self.kernel, self.v2Stat) = (nil, nil, nil)
        }
    }

    /// A path as seen from a cgroup namespace may start with `/..` (outside it): the namespace's own root.
    private static func relative(_ path: String) -> String {
        path.hasPrefix("/..") ? "" : (path == "/" ? "" : path)
    }

    /// The agent's memory now, with the pass's descriptor counts.
    func stats(_ buffer: inout ReadBuffer) -> AgentStats {
        var stats = AgentStats()
        if let usage = self.usage { stats.memoryBytes = (try? usage.parse(SingleValue.self, buffer: &buffer))?.value }
        if let kernel = self.kernel {
            stats.kernelMemoryBytes = (try? kernel.parse(SingleValue.self, buffer: &buffer))?.value
        } else if let file = self.v2Stat, let bytes = try? file.read(into: &buffer) {
            // `kernel` since Linux 5.18; before, its parts.
            let keys: [StaticString] = ["kernel", "kernel_stack", "pagetables", "percpu", "sock", "slab"]
            if let values = try? FlatKeyed.select(bytes, file: file.path, keys: keys) {
                stats.kernelMemoryBytes = values[0] ?? values[1...].compactMap { $0 }.reduce(0, &+)
            }
        }
        if let status = self.status {
            stats.residentBytes = (try? status.parse(PIDStatus.self, buffer: &buffer))?.vmRSS
        }
        return stats
    }
}

@available(*, unavailable, message: "owned by one collector")
extension AgentSelf: Sendable {}
