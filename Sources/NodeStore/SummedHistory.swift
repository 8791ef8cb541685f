/// A workload's summed history (CPU and memory over the last hour): each node's series for the workload added
/// up position by position from the newest value back, since every node appends one value per snapshot.
/// A position no node knows stays unknown (NaN); unknown values of some nodes are left out of the sum.
public struct SummedHistory: Sendable {
    public var cpuCores: [Float]
    public var memoryWorkingSetBytes: [Float]

    /// The workload's history on each of `nodes` (kept per node at ingest), added up.
    public init(_ key: WorkloadKey, nodes: [NodeState]) {
        var cpu: [Float] = []
        var memory: [Float] = []
        for node in nodes {
            guard let history = node.history.workload(key) else { continue }
            Self.add(history.cpuCores.values, into: &cpu)
            Self.add(history.memoryWorkingSetBytes.values, into: &memory)
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
