import ArgumentParser
import ServerCore
import Simulation
import Telemetry
import Wire

/// `podwatch-sim bench`: the server's per-snapshot cost and memory, measured in process on one thread, each
/// against a reference measured in the same run. `make bench` prints these next to the agent's figures.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Server ingest throughput vs decoding alone, memory per node with full history, wire bytes."
    )

    @Option(help: "Pods per simulated node.") var podsPerNode = 100
    @Option(help: "Nodes whose frames the ingest figure replays.") var ingestNodes = 20
    @Option(help: "Snapshots per node in the ingest figure (a keyframe, then deltas).") var ingestSnapshots = 30
    @Option(help: "Rounds of the ingest figure (best kept).") var rounds = 3
    @Option(help: "Nodes kept in the cache for the memory figure.") var memoryNodes = 40
    @Option(help: "Seconds of history each node fills (at 5 s per snapshot).") var historySeconds = 3600

    func run() throws {
        let frames = IngestBenchmark.frames(
            nodes: self.ingestNodes,
            snapshots: self.ingestSnapshots,
            pods: self.podsPerNode
        )
        let ingest = try IngestBenchmark.run(frames: frames, rounds: self.rounds)
        print("server.bench_pods_per_node \(self.podsPerNode)")
        print("server.bench_processes_per_node \(frames.processesPerNode)")
        print("server.decode_only_snapshots_per_second \(Int(ingest.decodeOnlyPerSecond))")
        print("server.ingest_snapshots_per_second \(Int(ingest.ingestPerSecond))")
        print("server.ingest_us_per_snapshot \(String(format1: 1e6 / ingest.ingestPerSecond))")
        print("server.decode_us_per_snapshot \(String(format1: 1e6 / ingest.decodeOnlyPerSecond))")
        print("wire.sim_delta_bytes_mean \(frames.meanDeltaBytes)")
        print("wire.sim_keyframe_bytes_mean \(frames.meanKeyframeBytes)")
        let memory = MemoryBenchmark.run(
            nodes: self.memoryNodes,
            pods: self.podsPerNode,
            snapshots: self.historySeconds / 5
        )
        print("server.memory_nodes \(self.memoryNodes)")
        print("server.memory_snapshots_per_node \(self.historySeconds / 5)")
        print("server.memory_heap_bytes_per_node \(memory.heapBytesPerNode)")
        print("server.memory_latest_snapshot_bytes_per_node \(memory.snapshotBytesPerNode)")
        // Pages: 48 nodes (one overview page of cards) with 10 minutes of history each.
        let render = RenderBenchmark.run(nodes: 48, pods: self.podsPerNode, snapshots: 120)
        let decode = 1e6 / ingest.decodeOnlyPerSecond
        print(
            "server.render_node_fragment_us \(String(format1: render.nodeFragmentMicroseconds))  (\(render.nodeFragmentBytes) bytes; \(String(format1: render.nodeFragmentMicroseconds / decode))× decoding one snapshot)"
        )
        print(
            "server.render_pod_fragments_us \(String(format1: render.podFragmentsMicroseconds))  (all \(render.pods) pod pages of the node; \(String(format1: render.podFragmentsMicroseconds / decode))× decoding one snapshot)"
        )
        print(
            "server.render_overview_fragment_us \(String(format1: render.overviewFragmentMicroseconds))  (48 cards; \(String(format1: render.overviewFragmentMicroseconds / decode))× decoding one snapshot)"
        )
    }
}

extension String {
    /// One decimal, without Foundation.
    init(format1 value: Double) {
        let tenths = Int64((value * 10).rounded())
        self = "\(tenths / 10).\(abs(tenths % 10))"
    }
}
