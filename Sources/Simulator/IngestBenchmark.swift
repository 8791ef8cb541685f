import NIOCore
import NodeStore
import ServerCore
import Simulation
import Telemetry
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// The server's ingest path without the network, on one thread: length-prefixed bytes → `FrameDecoder` →
/// `SnapshotDecoder` (inflate, protobuf, delta applied) → `LiveCache.ingest` (rates, history), in steady
/// state (deltas). The reference is the same bytes through the decoders alone.
enum IngestBenchmark {
    struct Frames {
        /// Each node's connection as bytes on the wire: a keyframe, then deltas.
        var streams: [(node: String, bytes: ByteBuffer)]
        var count: Int
        var processesPerNode: Int
        var meanDeltaBytes: Int
        var meanKeyframeBytes: Int
    }

    struct Result {
        var decodeOnlyPerSecond: Double
        var ingestPerSecond: Double
    }

    static func frames(nodes: Int, snapshots: Int, pods: Int) -> Frames {
        var streams: [(String, ByteBuffer)] = []
        var deltaBytes = 0
        var deltas = 0
        var keyframeBytes = 0
        var processes = 0
        for index in 0..<nodes {
            var node = SyntheticNode(name: "bench-\(index)", pods: pods, seed: UInt64(index + 1))
            var encoder = SnapshotEncoder()
            var bytes = ByteBuffer()
            for _ in 0..<snapshots {
                let snapshot = node.snapshot(wallMilliseconds: 0)
                processes = snapshot.allProcesses.count
                let frame = encoder.frame(for: snapshot)
                if frame.flags.contains(.keyframe) {
                    keyframeBytes += 6 + frame.payload.readableBytes
                } else {
                    deltaBytes += 6 + frame.payload.readableBytes
                    deltas += 1
                }
                FrameEncoder.write(frame, to: &bytes)
                node.advance()
            }
            streams.append(("bench-\(index)", bytes))
        }
        return Frames(
            streams: streams,
            count: nodes * snapshots,
            processesPerNode: processes,
            meanDeltaBytes: deltas == 0 ? 0 : deltaBytes / deltas,
            meanKeyframeBytes: nodes == 0 ? 0 : keyframeBytes / nodes
        )
    }

    /// Steady state: each node's keyframe is decoded (and ingested) first, untimed — a keyframe comes once per
    /// connection — and the deltas after it are timed.
    static func run(frames: Frames, rounds: Int) throws -> Result {
        var decodeBest = Double.infinity
        var ingestBest = Double.infinity
        for _ in 0..<max(rounds, 1) {
            decodeBest = min(decodeBest, try self.replay(frames, into: nil))
            let cache = LiveCache(configuration: ServerConfiguration())
            ingestBest = min(ingestBest, try self.replay(frames, into: cache))
        }
        let deltas = Double(frames.count - frames.streams.count)
        return Result(decodeOnlyPerSecond: deltas / decodeBest, ingestPerSecond: deltas / ingestBest)
    }

    /// CPU seconds spent on the deltas.
    private static func replay(_ frames: Frames, into cache: LiveCache?) throws -> Double {
        var seconds = 0.0
        for (node, stream) in frames.streams {
            var bytes = stream
            var framing = FrameDecoder()
            var snapshots = SnapshotDecoder()
            if let keyframe = try framing.decode(buffer: &bytes) {
                let snapshot = try snapshots.snapshot(from: keyframe)
                cache?.ingest(node: node, snapshot: snapshot, wallMilliseconds: snapshot.wallTimeMilliseconds)
            }
            seconds += try self.cpuSeconds {
                while let frame = try framing.decode(buffer: &bytes) {
                    let snapshot = try snapshots.snapshot(from: frame)
                    cache?.ingest(node: node, snapshot: snapshot, wallMilliseconds: snapshot.wallTimeMilliseconds)
                }
            }
        }
        return seconds
    }

    /// CPU time of this thread spent in `body`, seconds.
    static func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        }
        let start = now()
        try body()
        return now() - start
    }
}
