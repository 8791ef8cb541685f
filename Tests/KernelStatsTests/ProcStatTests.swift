import KernelStats
import Telemetry
import Testing

@Suite struct ProcStatTests {
    @Test func realSampleHasEveryCPU() throws {
        let stat = try ProcStat(parsing: Fixture.text("proc/stat"))
        #expect(stat.perCPU.count == 2)
        #expect(stat.total.user >= (stat.perCPU[0]?.user ?? 0))
        #expect(stat.total.guestNice != nil)
        #expect(stat.contextSwitches != nil && stat.interrupts != nil && stat.softirqs != nil)
        #expect(stat.bootTime != nil && stat.processesCreated != nil)
        #expect(stat.processesRunning != nil && stat.processesBlocked != nil)
    }

    @Test func exactValues() throws {
        let stat = try ProcStat(
            parsing: """
                cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0
                cpu0 1393280 32966 572056 13343292 6130 0 17875 0 23933 0
                cpu3 1 2 3 4 5 6 7 8 9 10
                intr 1462898 0 9 0 0
                ctxt 115315133
                btime 1730000000
                processes 172532
                procs_running 2
                procs_blocked 1
                softirq 5057579 250191 1481983
                """
        )
        #expect(stat.total.user == 10_132_153 && stat.total.idle == 46_828_483 && stat.total.guest == 175_628)
        #expect(stat.total.total == 10_132_153 + 290_696 + 3_084_719 + 46_828_483 + 16_683 + 25_195)
        #expect(stat.perCPU[3]?.guestNice == 10)
        #expect(stat.perCPU[1] == nil)  // offline CPUs stay absent
        #expect(stat.interrupts == 1_462_898 && stat.softirqs == 5_057_579 && stat.contextSwitches == 115_315_133)
        #expect(stat.processesBlocked == 1)
    }

    @Test func oldKernelLineLeavesLaterFieldsAbsent() throws {
        let stat = try ProcStat(parsing: "cpu 1 2 3 4\n")
        #expect(stat.total.iowait == nil && stat.total.steal == nil)
        #expect(stat.contextSwitches == nil)
    }

    @Test func unknownLinesAreSkipped() throws {
        let stat = try ProcStat(parsing: "page 1 2\ncpu 1 2 3 4 5\nfuture_counter 9\n")
        #expect(stat.total.iowait == 5)
    }

    @Test(arguments: [
        ("", KernelStatsError.Kind.empty),
        ("ctxt 5\n", .truncated),
        ("cpu 1 2 3\n", .truncated),
        ("cpu 1 2 x 4\n", .malformed),
        ("cpu 1 2 3 4\ncpuX 1 2 3 4\n", .malformed),
        ("cpu 1 2 3 4\nctxt many\n", .malformed),
    ])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        let error = expectParseError(ProcStat.self, text, kind)
        #expect(error?.file == "/proc/stat")
    }

    @Test func errorNamesTheLine() {
        let error = expectParseError(ProcStat.self, "cpu 1 2 3 4\ncpu0 1 2 3 4\ncpu1 1 two 3 4\n", .malformed)
        #expect(error?.line == 3)
        #expect(error?.text == "cpu1 1 two 3 4")
    }
}
