import KernelStats
import Telemetry

/// The processes of one pod in a snapshot, and the root frames each one's stacks get: the container's name
/// (from the API, or its short ID) and `comm [pid]`. Sandbox (pause) containers are not profiled.
struct ProfileTargets: Sendable {
    let pids: [Int32]
    private let containerOf: [Int32: String]

    init(snapshot: Snapshot, podUID: String) {
        let names = Dictionary(
            (snapshot.pods.first { $0.uid == podUID }?.containers ?? []).map { ($0.id, $0.name) },
            uniquingKeysWith: { first, _ in first }
        )
        var containerOf: [Int32: String] = [:]
        for container in snapshot.containers where container.identity.podUID == podUID && !container.isSandbox {
            let name = container.displayName(apiName: names[container.identity.containerID ?? ""])
            for process in container.processes { containerOf[process.pid] = name }
        }
        self.containerOf = containerOf
        self.pids = containerOf.keys.sorted()
    }

    /// Threads report their own TID's process: perf's `pid` field is the thread group, which is what we keyed.
    var roots: StackFolder.Roots {
        let containerOf = self.containerOf
        return { pid, comm in [containerOf[pid] ?? "(other)", "\(comm) [\(pid)]"] }
    }
}
