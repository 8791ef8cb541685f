import CHeap
import NodeStore
import ServerCore
import Simulation
import Telemetry
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// What the live cache holds per node once its history window is full: the heap (glibc's in-use bytes)
/// after filling `nodes` nodes with `snapshots` snapshots each, minus the heap before, over `nodes`.
/// Generators and encoders are dropped before measuring; each node's decoder is kept, as its connection keeps
/// it on a server (its previous snapshot is the cache's, shared; its interner is its own).
enum MemoryBenchmark {
    struct Result {
        var heapBytesPerNode: Int
        var snapshotBytesPerNode: Int
    }

    static func run(nodes: Int, pods: Int, snapshots: Int) -> Result {
        var configuration = ServerConfiguration()
        configuration.historyWindow = .seconds(snapshots * 5)
        let cache = LiveCache(configuration: configuration)
        let before = self.heapInUse()
        // Each node's decoder stays alive, as its connection's does on a server.
        let connections = CacheFilling.fill(
            cache,
            nodes: nodes,
            pods: pods,
            snapshots: snapshots,
            name: "memory",
            seed: 1_000
        )
        let after = self.heapInUse()
        // The latest snapshot alone, for the breakdown: one more node without history (capacity 2).
        var small = ServerConfiguration()
        small.historyWindow = .seconds(10)
        let single = LiveCache(configuration: small)
        var encoder = SnapshotEncoder()
        let frame = encoder.frame(for: SyntheticNode(name: "single", pods: pods, seed: 7).snapshot(wallMilliseconds: 0))
        let start = self.heapInUse()
        do {
            // Decoded from the wire, so that nothing is shared with the generator.
            var decoder = SnapshotDecoder()
            if let snapshot = try? decoder.snapshot(from: frame) {
                single.ingest(node: "single", snapshot: snapshot, wallMilliseconds: 0)
            }
        }
        let snapshotBytes = self.heapInUse() - start
        withExtendedLifetime((cache, single, connections)) {}
        return Result(heapBytesPerNode: (after - before) / max(nodes, 1), snapshotBytesPerNode: snapshotBytes)
    }

    static func heapInUse() -> Int {
        Int(podwatch_heap_in_use())
    }
}
