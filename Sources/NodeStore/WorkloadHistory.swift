/// A group of pods' summed history (a workload's CPU and memory over the last hour): each container's series
/// added up position by position from the newest value back, since every node appends one value per snapshot.
/// A position no pod knows stays unknown (NaN); unknown values of some pods are left out of the sum.
public struct SummedHistory: Sendable {
    public var cpuCores: [Float]
    public var memoryWorkingSetBytes: [Float]

    /// - Parameter pods: the pods to sum, with the node state that reports each.
    public init(_ pods: [(pod: PodRow, node: NodeState)]) {
        var cpu: [Float] = []
        var memory: [Float] = []
        for (pod, node) in pods {
            for key in pod.containerKeys {
                guard let history = node.history.container(key) else { continue }
                Self.add(history.cpuCores.values, into: &cpu)
                Self.add(history.memoryWorkingSetBytes.values, into: &memory)
            }
        }
        self.cpuCores = cpu
        self.memoryWorkingSetBytes = memory
    }

    /// Adds `values` into `total`, both aligned at their ends (the newest value).
    private static func add(_ values: [Float], into total: inout [Float]) {
        if values.count > total.count {
            total.insert(contentsOf: repeatElement(Float.nan, count: values.count - total.count), at: 0)
        }
        let offset = total.count - values.count
        for index in values.indices where values[index].isFinite {
            let position = offset + index
            total[position] = total[position].isNaN ? values[index] : total[position] + values[index]
        }
    }
}
