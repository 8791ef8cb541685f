import Telemetry

/// Cluster-wide questions over the live nodes' pod rows: usage by namespace, by workload, and any pod by a
/// predicate. Stale nodes' pods are left out (their numbers are old) and counted, so pages can say so.
public struct ClusterView: Sendable {
    public struct Group: Sendable, Hashable {
        public var namespace: String
        /// `Deployment`, … ("" for the namespace's bare pods, or for a namespace row).
        public var kind: String
        public var name: String
        public var totals: UsageTotals
    }

    /// The live nodes, by name.
    public let nodes: [NodeState]
    /// Live nodes' pods, by node (in the order of `nodes`).
    public let pods: [[PodRow]]
    public let liveNodes: Int
    public let staleNodes: Int

    public init(_ nodes: [NodeState]) {
        let live = nodes.filter { !$0.isStale }
        self.nodes = live
        self.pods = live.map(\.pods)
        self.liveNodes = live.count
        self.staleNodes = nodes.count - live.count
    }

    /// Every pod, all nodes together.
    public var allPods: FlattenSequence<[[PodRow]]> { self.pods.joined() }

    public var totals: UsageTotals {
        var totals = UsageTotals()
        for pod in self.allPods { totals.add(pod) }
        return totals
    }

    /// One row per namespace, by name.
    public func namespaces() -> [Group] {
        var groups: [String: UsageTotals] = [:]
        for pod in self.allPods { groups[pod.namespace, default: UsageTotals()].add(pod) }
        return groups.map { Group(namespace: $0.key, kind: "", name: "", totals: $0.value) }
            .sorted { $0.namespace < $1.namespace }
    }

    /// One row per workload of `namespace` (bare pods together as one row of kind ""), by kind then name.
    public func workloads(in namespace: String) -> [Group] {
        var groups: [WorkloadKey: UsageTotals] = [:]
        for pod in self.allPods where pod.namespace == namespace {
            let key = WorkloadKey(namespace: namespace, kind: pod.workloadKind, name: pod.workloadName)
            groups[key, default: UsageTotals()].add(pod)
        }
        return groups.map { Group(namespace: namespace, kind: $0.key.kind, name: $0.key.name, totals: $0.value) }
            .sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }

    /// The pods `matching` selects, with how many matched; at most `limit` kept, the first by `order`.
    public func pods(
        matching: (PodRow) -> Bool,
        limit: Int,
        by order: (PodRow, PodRow) -> Bool
    ) -> (pods: [PodRow], matching: Int) {
        var kept: [PodRow] = []
        var count = 0
        for pod in self.allPods where matching(pod) {
            count += 1
            kept.append(pod)
            // Sorted and cut whenever the buffer doubles: a top-N over 100,000 pods without sorting them all.
            if kept.count >= max(limit.multipliedSaturating(by: 2), 64) {
                kept.sort(by: order)
                kept.removeLast(kept.count - limit)
            }
        }
        kept.sort(by: order)
        return (Array(kept.prefix(limit)), count)
    }

    /// One workload: its totals over every pod, how many pods it has, the first `listing` of them by `order`, and
    /// its summed history. One pass, keeping only the listed pods: a workload may have 30,000 pods at 1,000 nodes,
    /// and its page lists 100.
    public func workload(
        namespace: String,
        kind: String,
        name: String,
        listing: Int,
        by order: (PodRow, PodRow) -> Bool
    ) -> Workload {
        var totals = UsageTotals()
        let (listed, _) = self.pods(
            matching: { pod in
                guard pod.namespace == namespace && pod.workloadKind == kind && pod.workloadName == name else {
                    return false
                }
                totals.add(pod)
                return true
            },
            limit: listing,
            by: order
        )
        let key = WorkloadKey(namespace: namespace, kind: kind, name: name)
        return Workload(listed: listed, totals: totals, history: SummedHistory(key, nodes: self.nodes))
    }

    public struct Workload: Sendable {
        public var listed: [PodRow]
        public var totals: UsageTotals
        public var history: SummedHistory
        /// How many pods the workload has (its totals count every one).
        public var count: Int { self.totals.pods }
    }

}
