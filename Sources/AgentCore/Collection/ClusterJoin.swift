import KernelStats
public import KubeClient
public import Telemetry

/// Adds what the Kubernetes API (or the dev simulation) knows to a pass: pod names and state, the node's Node
/// object, and which containers are pod sandboxes. Never waits: it uses whatever the watches have so far.
public enum ClusterJoin: Sendable {
    /// - Parameters:
    ///   - kubelet: the kubelet's newest answers; its eviction signals are read against this snapshot's memory
    ///     and load figures.
    ///   - agreement: where the kubelet's pods and the API's differ, carried from pass to pass.
    /// Without the kubelet's pods to compare (the dev simulation, tests).
    public static func apply(
        pods: [PodMetadata],
        node: NodeInfo?,
        kubelet: KubeletReadings? = nil,
        to snapshot: inout Snapshot
    ) {
        var agreement = PodAgreement()
        Self.apply(pods: pods, node: node, kubelet: kubelet, agreement: &agreement, to: &snapshot)
    }

    public static func apply(
        pods: [PodMetadata],
        node: NodeInfo?,
        kubelet: KubeletReadings? = nil,
        agreement: inout PodAgreement,
        to snapshot: inout Snapshot
    ) {
        // A deleted pod is kept only while its processes are still here.
        let present = Set(snapshot.containers.map(\.identity.podUID))
        snapshot.pods = pods.filter { $0.reason != "Deleted" || present.contains($0.uid) }
        snapshot.nodeInfo = node
        if let kubelet {
            var info = node ?? NodeInfo()
            var status = kubelet.status(memory: snapshot.host.memory, load: snapshot.host.load, node: node)
            // Compared only while both sides are known: the API's list is current and the kubelet's was read.
            if let running = kubelet.pods, let node, node.apiError.isEmpty {
                status.podDifferences = agreement.differences(
                    api: pods,
                    kubelet: running,
                    nowMilliseconds: snapshot.wallTimeMilliseconds
                )
            }
            info.kubelet = status
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
