import NodeStore
import Simulation
import Wire

/// Fills a cache as a server's ingest does: each synthetic node's snapshots through an encoder and a decoder (what
/// the decoder builds is what the cache keeps), one every 5 s of simulated time. Shared by the memory and the
/// render benchmarks.
enum CacheFilling {
    /// Returns each node's decoder: a server's connection keeps it (its previous snapshot is the cache's).
    static func fill(
        _ cache: LiveCache,
        nodes: Int,
        pods: Int,
        snapshots: Int,
        name: String,
        seed: UInt64
    ) -> [SnapshotDecoder] {
        (0..<nodes).map { index in
            var node = SyntheticNode(name: "\(name)-\(index)", pods: pods, seed: seed + UInt64(index))
            var encoder = SnapshotEncoder()
            var decoder = SnapshotDecoder()
            for tick in 0..<snapshots {
                let frame = encoder.frame(for: node.snapshot(wallMilliseconds: Int64(tick) * 5_000))
                if let snapshot = try? decoder.snapshot(from: frame) {
                    cache.ingest(node: node.name, snapshot: snapshot, wallMilliseconds: Int64(tick) * 5_000)
                }
                node.advance()
            }
            return decoder
        }
    }
}
