public import Telemetry

/// What the overview's card and `/api/v1/nodes` count of a node, taken once when its snapshot arrives, so that
/// listing a thousand nodes walks none of their containers or processes.
public struct NodeCounts: Sendable, Hashable {
    /// Pods with cgroups on the node, and pods the API names that have none yet (Pending): the set
    /// `PodSummary.pods(of:)` lists.
    public var pods: Int
    /// Every process, in pods or not.
    public var processes: Int

    public init(_ snapshot: Snapshot) {
        var uids = Set(snapshot.pods.lazy.map(\.uid))
        var processes = snapshot.hostProcesses.count
        for container in snapshot.containers {
            uids.insert(container.identity.podUID)
            processes += container.processes.count
        }
        self.pods = uids.count
        self.processes = processes
    }
}
