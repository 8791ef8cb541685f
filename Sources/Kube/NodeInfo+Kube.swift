public import Telemetry

extension NodeInfo {
    /// The node's conditions, capacity, allocatable and versions from its Node object.
    public init(_ node: KubeNode) {
        self.init()
        let status = node.status
        self.conditions = (status?.conditions ?? []).map {
            NodeCondition(type: $0.type, status: $0.status, reason: $0.reason ?? "", message: $0.message ?? "")
        }
        let capacity = status?.capacity ?? [:]
        let allocatable = status?.allocatable ?? [:]
        self.cpuCapacityMillicores = capacity["cpu"].flatMap(Quantity.millicores)
        self.memoryCapacityBytes = capacity["memory"].flatMap(Quantity.bytes)
        self.podsCapacity = capacity["pods"].flatMap(Quantity.bytes)
        self.cpuAllocatableMillicores = allocatable["cpu"].flatMap(Quantity.millicores)
        self.memoryAllocatableBytes = allocatable["memory"].flatMap(Quantity.bytes)
        self.podsAllocatable = allocatable["pods"].flatMap(Quantity.bytes)
        self.kubeletVersion = status?.nodeInfo?.kubeletVersion ?? ""
        self.containerRuntimeVersion = status?.nodeInfo?.containerRuntimeVersion ?? ""
        self.labels = SnapshotLimits().conformed(labels: Label.list(node.metadata.labels ?? [:]))
    }
}
