// libFuzzer entry point for the whole server path (`make fuzz`): frames → ingest → cache → alerts → every page.
// The work is PathFuzzHarness.PathInput, which the regression tests replay. Built normally,
// `PathFuzzer --write-seeds DIR` writes its seed corpus.
import Foundation
import KernelStats
import NIOCore
import PathFuzzHarness
import Simulation
import Telemetry
import Wire

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWholePath(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // libFuzzer calls from its own thread, never one of Swift's cooperative pool: blocking it is safe.
    let done = DispatchSemaphore(value: 0)
    Task {
        _ = await PathInput.run(bytes)
        done.signal()
    }
    done.wait()
    return 0
}
#else
import Glibc

/// Built normally: `PathFuzzer --write-seeds DIR` writes a seed corpus: a Hello, then a small node's keyframe
/// and deltas (compressed and not), as one connection's bytes.
@main
struct PathFuzzer {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, arguments[1] == "--write-seeds" else {
            print("PathFuzzer is a libFuzzer target: run `make fuzz`. `--write-seeds DIR` writes seeds.")
            return
        }
        // `absurd`: the reproduced crash (a keyframe with load1 = 1e17, refused), then the same node honestly.
        for (name, pods, count, raw) in [("node", 2, 3, false), ("node-raw", 3, 4, true), ("absurd", 1, 3, true)] {
            var node = SyntheticNode(name: name, pods: pods, seed: 7)
            var encoder = SnapshotEncoder()
            var bytes = ByteBuffer()
            var hello = Podwatch_V1_Hello()
            hello.protocolVersion = WireMessage.protocolVersion
            hello.nodeName = name
            hello.agentVersion = "fuzz"
            FrameEncoder.write(WireMessage.hello(hello).frame(), to: &bytes)
            for index in 0..<count {
                var snapshot = node.snapshot(wallMilliseconds: 1_700_000_000_000)
                if name == "absurd" && index == 0 { snapshot.host.load?.load1 = 1e17 }
                if name == "absurd" && index == 1 { encoder = SnapshotEncoder() }  // the agent reconnected
                var frame = encoder.frame(for: snapshot)
                if raw, frame.flags.contains(.compressed),
                    let payload = try? Compression.inflate(frame.payload, maximumLength: 1 << 20)
                {
                    frame = Frame(type: frame.type, flags: frame.flags.subtracting(.compressed), payload: payload)
                }
                FrameEncoder.write(frame, to: &bytes)
                node.advance()
            }
            let path = "\(arguments[2])/\(name)"
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes.readableBytesView)) else {
                print("cannot write \(path)")
                exit(1)
            }
            print("wrote \(path) (\(bytes.readableBytes) bytes)")
        }
    }
}
#endif
