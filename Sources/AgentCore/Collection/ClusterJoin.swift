import KernelStats
public import KubeClient
public import Telemetry

/// Adds what the Kubernetes API (or the dev simulation) knows to a pass: pod names and state, the node's Node
/// object, and which containers are pod sandboxes. Never waits: it uses whatever the watches have so far.
public enum ClusterJoin: Sendable {
    /// - Parameter kubelet: the kubelet's newest answers; its eviction signals are read against this snapshot's
    ///   memory and load figures.
    public static func apply(
        pods: [PodMetadata],
        node: NodeInfo?,
        kubelet: KubeletReadings? = nil,
        to snapshot: inout Snapshot
    ) {
        // A deleted pod is kept only while its processes are still here.
        let present = Set(snapshot.containers.map(\.identity.podUID))
        snapshot.pods = pods.filter { $0.reason != "Deleted" || present.contains($0.uid) }
        snapshot.nodeInfo = node
        if let kubelet {
            var info = node ?? NodeInfo()
            info.kubelet = kubelet.status(memory: snapshot.host.memory, load: snapshot.host.load)
            snapshot.nodeInfo = info
        }
        let named = Dictionary(
            pods.map { ($0.uid, Set($0.containers.map(\.id))) },
            uniquingKeysWith: { first, _ in first }
        )
        for index in snapshot.containers.indices {
            let container = snapshot.containers[index]
            snapshot.containers[index].isSandbox = Self.isSandbox(container, namedIDs: named[container.identity.podUID])
        }
    }

    /// A sandbox (pause) container: a container cgroup whose every process is `pause` and whose ID is not one
    /// of the pod's containers (the API lists app and init containers, never the sandbox).
    static func isSandbox(_ container: ContainerSnapshot, namedIDs: Set<String>?) -> Bool {
        guard let id = container.identity.containerID, !container.processes.isEmpty,
            container.processes.allSatisfy({ $0.stat.comm == "pause" })
        else { return false }
        return !(namedIDs?.contains(id) ?? false)
    }
}
