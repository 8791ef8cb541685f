// libFuzzer entry point for every KernelStats parser (`make fuzz`); the work is FuzzHarness.KernelStatsInput.
// PODWATCH_FUZZ_PARSER names the one parser a run exercises (each has its own corpus); without it every
// input goes through every parser.
import FuzzHarness

#if FUZZING
import Glibc

let selected: String? = getenv("PODWATCH_FUZZ_PARSER").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKernelStats(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    KernelStatsInput.run(UnsafeBufferPointer(start: data, count: size), only: selected)
    return 0
}
#else
@main
struct KernelStatsFuzzer {
    static func main() {
        print("KernelStatsFuzzer is a libFuzzer target: run `make fuzz`. Parsers (PODWATCH_FUZZ_PARSER):")
        for parser in KernelStatsInput.parsers { print("  \(parser.name)") }
    }
}
#endif
