import AgentCore
import KernelTracing
import Telemetry
import Testing

/// `--ebpf-signals`: names with spaces around them are taken; an unknown name, an empty list or one of only commas
/// is refused with the names it knows, never loaded as "nothing".
@Suite struct EBPFSignalListTests {
    @Test func aListIsTakenAndUnknownOrEmptyOnesAreRefusedByName() throws {
        #expect(try KernelTracerLoader.signals(nil) == Set(KernelSignals.signalNames))
        #expect(try KernelTracerLoader.signals(" execs , runqueue") == ["execs", "runqueue"])
        for hostile in ["execs,kprobe\n", "", ",,,", "EXECS"] {
            let error = #expect(throws: KernelTracerLoader.SignalListError.self) {
                try KernelTracerLoader.signals(hostile)
            }
            #expect(error?.message.contains("runqueue, tcp_retransmits") == true, "\(hostile)")
        }
    }

    @Test func aSampleShareIsOneToOneHundredPercent() throws {
        #expect(try KernelTracerLoader.samplePercent(nil) == KernelTracer.defaultSamplePercent)
        #expect(try KernelTracerLoader.samplePercent(100) == 100)
        #expect(try KernelTracerLoader.samplePercent(1) == 1)
        for hostile in [0, -5, 101, Int.max, Int.min] {
            let error = #expect(throws: KernelTracerLoader.SignalListError.self) {
                try KernelTracerLoader.samplePercent(hostile)
            }
            #expect(error?.message.contains("between 1 and 100") == true, "\(hostile)")
        }
    }
}
