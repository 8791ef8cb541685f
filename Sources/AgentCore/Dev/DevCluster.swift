import PodSandbox
public import Telemetry

/// The simulated pods of a dev agent (`podwatch-agent --dev`): real processes in real cgroups, named as
/// the Kubernetes API would name them. This machine's real /proc supplies the node's own numbers.
/// Several dev agents on one machine each report only their own pods.
public final class DevCluster {
    private let sandbox: PodSandbox
    private let nodeName: String
    /// The pods, as the API watch would describe them.
    public let pods: [PodMetadata]

    public init(nodeName: String, cgroupRoot: String) throws {
        self.sandbox = try PodSandbox(cgroupRoot: cgroupRoot, name: nil)
        self.nodeName = nodeName
        var pods: [PodMetadata] = []
        for spec in DevCatalog.pods(for: nodeName) {
            let pod = try self.sandbox.addPod(driver: .systemd, qos: spec.qos, specs: spec.containers.map(\.spec))
            var metadata = PodMetadata(
                uid: pod.uid,
                namespace: spec.namespace,
                name: spec.name,
                phase: "Running",
                containers: zip(pod.containers, spec.containers).map { sandbox, container in
                    var name = ContainerName(id: sandbox.id, name: container.name)
                    name.state = "running"
                    name.ready = true
                    name.image = "dev/\(container.name):latest"
                    name.cpuLimitMillicores = container.spec.cpuLimitCores.map { Int64(($0 * 1000).rounded()) }
                    name.memoryLimitBytes = container.spec.memoryLimitBytes.map { Int64($0) }
                    return name
                }
            )
            let owner = DevCatalog.owner(of: spec)
            (metadata.ownerKind, metadata.ownerName) = owner
            metadata.labels = DevCatalog.labels(of: spec, owner: owner)
            metadata.qosClass =
                ["guaranteed": "Guaranteed", "burstable": "Burstable", "besteffort": "BestEffort"][spec.qos] ?? ""
            metadata.ready = true
            pods.append(metadata)
        }
        self.pods = pods
    }

    /// The Node object the API would show for this simulated node: Ready, this machine's CPUs as capacity,
    /// and a kubelet version marking it as simulated. A node named `*pressure*` reports MemoryPressure, so the
    /// simulation shows what a node in trouble looks like.
    public func nodeInfo() -> NodeInfo {
        let cpus = SystemFacts.onlineCPUs
        var info = NodeInfo()
        let pressure = self.nodeName.contains("pressure")
        info.conditions = [
            NodeCondition(
                type: "MemoryPressure",
                status: pressure ? "True" : "False",
                reason: pressure ? "Simulated" : ""
            ),
            NodeCondition(type: "DiskPressure", status: "False"), NodeCondition(type: "PIDPressure", status: "False"),
            NodeCondition(type: "Ready", status: "True", reason: "KubeletReady"),
        ]
        info.labels = DevCatalog.nodeLabels(self.nodeName)
        info.cpuCapacityMillicores = Int64(cpus) * 1000
        info.cpuAllocatableMillicores = Int64(cpus) * 1000 - 100
        info.podsCapacity = 110
        info.podsAllocatable = 110
        info.kubeletVersion = "dev-simulation"
        return info
    }

    /// The pod UIDs this agent reports.
    public var podUIDs: Set<String> { Set(self.pods.map(\.uid)) }

    /// Kills every simulated process and removes its cgroups.
    public func destroy() {
        self.sandbox.destroy()
    }
}

@available(*, unavailable, message: "owns child processes; use from one task")
extension DevCluster: Sendable {}
