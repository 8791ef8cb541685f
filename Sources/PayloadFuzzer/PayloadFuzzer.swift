// libFuzzer entry point for payload decoding (`make fuzz`); the work is FuzzHarness.PayloadInput, which the
// regression tests replay. Built normally, `PayloadFuzzer --write-seeds DIR` writes its seed corpus.
import FuzzHarness
import NIOCore
import Simulation
import Wire

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPayloads(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    PayloadInput.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
import Glibc

/// Built normally: `PayloadFuzzer --write-seeds DIR` writes a seed corpus (a small node's keyframe and
/// deltas, as one connection's bytes).
@main
struct PayloadFuzzer {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, arguments[1] == "--write-seeds" else {
            print("PayloadFuzzer is a libFuzzer target: run `make fuzz`. `--write-seeds DIR` writes seeds.")
            return
        }
        // Each also uncompressed ("-raw"), so that mutations reach the delta fields (process and counter
        // updates, the container layout) rather than only zlib's checks.
        for (name, pods, count, raw) in [
            ("small-node", 2, 3, false), ("pod-churn", 4, 12, false), ("small-node-raw", 2, 3, true),
            ("pod-churn-raw", 4, 12, true),
        ] {
            var node = SyntheticNode(name: name, pods: pods, seed: 42)
            var encoder = SnapshotEncoder()
            var bytes = ByteBuffer()
            for _ in 0..<count {
                var frame = encoder.frame(for: node.snapshot(wallMilliseconds: 0))
                if raw, frame.flags.contains(.compressed),
                    let payload = try? Compression.inflate(frame.payload, maximumLength: 1 << 20)
                {
                    frame = Frame(type: frame.type, flags: frame.flags.subtracting(.compressed), payload: payload)
                }
                FrameEncoder.write(frame, to: &bytes)
                node.advance()
            }
            let path = "\(arguments[2])/\(name)"
            guard let file = fopen(path, "wb") else {
                print("cannot write \(path)")
                exit(1)
            }
            let data = bytes.readableBytesView
            _ = Array(data).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            fclose(file)
            print("wrote \(path) (\(data.count) bytes)")
        }
    }
}
#endif
