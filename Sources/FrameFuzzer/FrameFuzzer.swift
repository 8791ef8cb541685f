// libFuzzer entry point for the frame decoder and payload inflation (`make fuzz`). Built normally it is a
// small program that says how to run it; built with -DFUZZING and -sanitize=fuzzer it is the fuzzer.
import NIOCore
import Wire

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var buffer = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    var decoder = FrameDecoder(maximumLength: 64 * 1024)
    while let frame = try? decoder.decode(buffer: &buffer) {
        precondition(frame.payload.readableBytes <= 64 * 1024, "decoder returned an oversize payload")
        if frame.flags.contains(.compressed) {
            if let inflated = try? Compression.inflate(frame.payload, maximumLength: 64 * 1024) {
                precondition(inflated.readableBytes <= 64 * 1024, "inflate exceeded its cap")
            }
        }
    }
    return 0
}
#else
@main
struct FrameFuzzer {
    static func main() {
        print("FrameFuzzer is a libFuzzer target: run `make fuzz`.")
    }
}
#endif
