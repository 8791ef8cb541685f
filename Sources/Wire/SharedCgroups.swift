import Telemetry

/// Keyframes send the cgroup lines most of a container's processes share once, as the container's
/// `shared_cgroups`, and leave them out of those processes (docs/wire-protocol.md): the lines are identical for
/// every process of a container, and were a kilobyte per process, most of a large node's keyframe.
enum SharedCgroups {
    /// Moves the cgroup lines of the container's first process to `shared_cgroups` when another process has
    /// the same, and clears them from every process that has them.
    static func share(_ container: inout Podwatch_V1_ContainerSnapshot) {
        guard let candidate = container.processes.first?.cgroups, !candidate.isEmpty else { return }
        let holders = container.processes.indices.filter { container.processes[$0].cgroups == candidate }
        guard holders.count >= 2 else { return }
        container.sharedCgroups = candidate
        for index in holders { container.processes[index].cgroups = [] }
    }

    /// Gives every process of each container that arrived without cgroup lines the container's shared ones
    /// (one array for all of them).
    static func restore(_ snapshot: inout Snapshot, from wire: Podwatch_V1_Snapshot) throws(WireError) {
        for (index, container) in wire.containers.enumerated()
        where !container.sharedCgroups.isEmpty && index < snapshot.containers.count {
            let shared = try container.sharedCgroups.map { item throws(WireError) in try CgroupMembership(wire: item) }
            for process in snapshot.containers[index].processes.indices
            where snapshot.containers[index].processes[process].cgroups.isEmpty {
                snapshot.containers[index].processes[process].cgroups = shared
            }
        }
    }
}

extension Snapshot {
    /// A keyframe's snapshot: the message's fields, and each container's shared cgroup lines given back to its
    /// processes.
    init(keyframe wire: Podwatch_V1_Snapshot) throws(WireError) {
        self = try Snapshot(wire: wire)
        try SharedCgroups.restore(&self, from: wire)
    }
}
