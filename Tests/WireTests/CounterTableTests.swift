import Telemetry
import Testing

@testable import Wire

/// The counter tables are declared once (``ProcessCounter``, ``CgroupCounter``, ``PressureCounter``); their order
/// and paged set are the protocol of docs/wire-protocol.md, which these pin: a reordered or inserted case fails
/// here before it reaches an agent of another version.
@Suite struct CounterTableTests {
    static func bits(_ slots: [Int]) -> UInt64 { slots.reduce(0) { $0 | 1 << UInt64($1) } }

    @Test func theProcessTableIsTheDocumentedOne() {
        #expect(ProcessCounter.allCases.map(\.rawValue) == Array(0..<53))
        #expect(ProcessSnapshot.counterCount == 53)
        // docs/wire-protocol.md: VmRSS (6), vsize (19), VmSize … VmPin (23–35) are paged.
        #expect(ProcessCounter.pageScaled == Self.bits([6, 19] + Array(23...35)))
        let pinned: [(ProcessCounter, Int)] = [
            (.utime, 0), (.statmResident, 5), (.voluntaryContextSwitches, 7), (.rchar, 9), (.writeBytes, 14),
            (.state, 15), (.numThreads, 16), (.majorFaults, 18), (.vsize, 19), (.vmSize, 23), (.vmPin, 35),
            (.cancelledWriteBytes, 36), (.statmDirty, 39), (.cutime, 40), (.pgrp, 47), (.session, 48),
            (.seccomp, 51), (.networkNamespace, 52),
        ]
        for (counter, slot) in pinned { #expect(counter.rawValue == slot, "\(counter)") }
    }

    @Test func theCgroupTableIsTheDocumentedOne() {
        #expect(CgroupCounter.allCases.map(\.rawValue) == Array(0..<23))
        #expect(CgroupStats.counterCount == 47)
        #expect((CgroupCounter.cpuPressureStart, CgroupCounter.memoryPressureStart) == (23, 31))
        #expect(CgroupCounter.ioPressureStart == 39)
        // Usage, working set, rss, cache (3–6), inactive file, swap (15, 16) and the limit (19) are paged.
        #expect(CgroupCounter.pageScaled == Self.bits([3, 4, 5, 6, 15, 16, 19]))
        #expect(PressureCounter.allCases.map(\.rawValue) == Array(0..<8))
    }

    /// Every counter written into a zeroed value of the same shape reads back as the table it came from.
    @Test func aCgroupTableWrittenBackReadsTheSame() throws {
        var stats = CgroupStats(version: .v2)
        for (index, counter) in CgroupCounter.allCases.enumerated() {
            counter.write(UInt64(index) * 4_096 + 1, to: &stats)
        }
        stats.memoryPressure = Pressure(
            some: PressureLine(avg10: 1.5, avg60: 0.25, avg300: 0, totalMicroseconds: 77),
            full: nil
        )
        var copy = CgroupStats(version: .v2)
        copy.memoryPressure = Pressure(
            some: PressureLine(avg10: 0, avg60: 0, avg300: 0, totalMicroseconds: 0),
            full: nil
        )
        for counter in CgroupCounter.allCases { counter.write(0, to: &copy) }
        copy.setCounters(stats.counters)
        #expect(copy == stats)
        #expect(copy.counters.count == 47)
    }
}
