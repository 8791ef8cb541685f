import NodeStore
import ServerCore
import Telemetry
import Web

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
        _ = CacheFilling.fill(cache, nodes: nodes, pods: pods, snapshots: snapshots, name: "render", seed: 2_000)
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
        return samples[samples.count / 2].inSeconds * 1e6
    }
}
