public import Telemetry

/// `/proc/PID/cgroup`: the cgroups a process belongs to, one line per hierarchy.
///
/// Example (hybrid v1 + v2):
/// ```
/// 4:memory:/kubepods/burstable/pod9d5aba59-7737-44b5-9bf3-8187d4dc6dc1/3f4e…
/// 0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod9d5aba59_7737….slice/cri-containerd-3f4e….scope
/// ```
public struct PIDCgroup: KernelFileParsable, Hashable, Codable {
    public static let fileName = "/proc/[pid]/cgroup"

    public var memberships: [CgroupMembership]

    public init(memberships: [CgroupMembership]) {
        self.memberships = memberships
    }

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.memberships = []
        for (number, line) in Lines(bytes) {
            guard !line.trimmed.isEmpty else { continue }
            // The path is everything after the second colon: it may contain colons itself.
            guard let first = line.firstIndex(of: ASCII.colon),
                let second = line[(first + 1)...].firstIndex(of: ASCII.colon)
            else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "expected id:controllers:path"
                )
            }
            guard let id = line[line.startIndex..<first].asUInt64, id <= UInt32.max else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "bad hierarchy id"
                )
            }
            let controllers = line[(first + 1)..<second]
            self.memberships.append(
                CgroupMembership(
                    hierarchyID: UInt32(id),
                    controllers: controllers.isEmpty ? [] : controllers.split(separator: ASCII.comma).map(\.string),
                    path: line[(second + 1)...].string
                )
            )
        }
        guard !self.memberships.isEmpty else {
            throw KernelStatsError(.empty, file: Self.fileName, detail: "no cgroup lines")
        }
    }

    /// The cgroup-v2 path (the `0::` line), if the process is in a v2 hierarchy.
    public var unifiedPath: String? {
        self.memberships.first { $0.hierarchyID == 0 && $0.controllers.isEmpty }?.path
    }

    /// The v1 path for `controller` (e.g. `memory`), if that controller is mounted as v1.
    public func path(forController controller: String) -> String? {
        self.memberships.first { $0.controllers.contains(controller) }?.path
    }

    /// The path most likely to carry pod identity: v2 first, then the v1 cpu/memory hierarchies, then any.
    public var identityPath: String? {
        if let path = self.unifiedPath, path != "/" { return path }
        for controller in ["cpu", "memory", "pids", "cpuacct", "name=systemd"] {
            if let path = self.path(forController: controller), path != "/" { return path }
        }
        return self.memberships.first?.path
    }
}
