import NodeStore
import ServerCore
import Simulation
import Web
import Wire

/// How long the pages' live parts take to render for 100-pod nodes whose history holds `snapshots` points,
/// on one thread: the median of `repetitions` renders each (`make bench` prints them beside the time to decode
/// one snapshot, measured in the same run).
enum RenderBenchmark {
    struct Result {
        var nodeFragmentMicroseconds: Double
        var nodeFragmentBytes: Int
        var podFragmentsMicroseconds: Double
        var pods: Int
        var overviewFragmentMicroseconds: Double
    }

    static func run(nodes: Int, pods: Int, snapshots: Int, repetitions: Int = 25) -> Result {
        var configuration = ServerConfiguration()
        configuration.historyWindow = .seconds(max(snapshots, 2) * 5)
        let cache = LiveCache(configuration: configuration)
        for index in 0..<nodes {
            var node = SyntheticNode(name: "render-\(index)", pods: pods, seed: UInt64(2_000 + index))
            var encoder = SnapshotEncoder()
            var decoder = SnapshotDecoder()
            for tick in 0..<snapshots {
                let frame = encoder.frame(for: node.snapshot(wallMilliseconds: Int64(tick) * 5_000))
                if let snapshot = try? decoder.snapshot(from: frame) {
                    cache.ingest(node: node.name, snapshot: snapshot, wallMilliseconds: Int64(tick) * 5_000)
                }
                node.advance()
            }
        }
        let all = cache.all()
        guard let first = all.first else {
            return Result(
                nodeFragmentMicroseconds: 0,
                nodeFragmentBytes: 0,
                podFragmentsMicroseconds: 0,
                pods: 0,
                overviewFragmentMicroseconds: 0
            )
        }
        let bytes = PageRendering.nodeFragment(first)
        return Result(
            nodeFragmentMicroseconds: Self.median(repetitions) { _ = PageRendering.nodeFragment(first) },
            nodeFragmentBytes: bytes,
            podFragmentsMicroseconds: Self.median(repetitions) { _ = PageRendering.podFragments(first) },
            pods: first.counts.pods,
            overviewFragmentMicroseconds: Self.median(repetitions) { _ = PageRendering.overviewFragment(all) }
        )
    }

    /// The median duration of `count` runs of `body`, in microseconds.
    static func median(_ count: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var samples = (0..<max(count, 1)).map { _ in clock.measure(body) }
        samples.sort()
        let middle = samples[samples.count / 2].components
        return Double(middle.seconds) * 1e6 + Double(middle.attoseconds) / 1e12
    }
}
