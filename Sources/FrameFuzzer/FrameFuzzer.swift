// libFuzzer entry point for the frame decoder and payload inflation (`make fuzz`); the work is
// FuzzHarness.FrameInput, which the regression tests replay. Built normally it says how to run it.
import FuzzHarness

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FrameInput.run(UnsafeBufferPointer(start: data, count: size))
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
