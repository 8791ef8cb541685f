import KernelStats
import Telemetry
import Testing

@Suite struct PIDStatTests {
    static let tail =
        "S 1 1234 1234 0 -1 4194560 1905 7 2 3 87 41 -5 6 20 -2 4 0 3541 9555968 1024 18446744073709551615 1 1 0 0 0 0 0 "
        + "0 0 0 0 0 17 1 7 3 11 0 0 0 0 0 0 0 0 0"

    @Test func realSample() throws {
        let stat = try PIDStat(parsing: Fixture.text("proc/pid-stat"))
        #expect(stat.pid > 0 && stat.starttime > 0 && !stat.comm.isEmpty)
        #expect(stat.delayacctBlkioTicks != nil && stat.guestTime != nil)
    }

    @Test func kernelThread() throws {
        let stat = try PIDStat(parsing: Fixture.text("proc/kthread-stat"))
        #expect(stat.pid == 2 && stat.comm == "kthreadd" && stat.vsize == 0)
    }

    @Test(arguments: ["tmux: server", "a) (b", "(", ")", "x y z", "  "])
    func commWithSpacesAndParentheses(comm: String) throws {
        let stat = try PIDStat(parsing: "1234 (\(comm)) \(Self.tail)\n")
        #expect(stat.comm == comm)
        #expect(stat.state == "S" && stat.ppid == 1 && stat.pgrp == 1234 && stat.session == 1234)
        #expect(stat.minorFaults == 1905 && stat.majorFaults == 2)
        #expect(stat.utime == 87 && stat.stime == 41 && stat.cutime == -5 && stat.cstime == 6)
        #expect(stat.priority == 20 && stat.nice == -2 && stat.numThreads == 4)
        #expect(stat.starttime == 3541 && stat.vsize == 9_555_968 && stat.rss == 1024)
        #expect(stat.processor == 1 && stat.rtPriority == 7 && stat.policy == 3 && stat.delayacctBlkioTicks == 11)
    }

    @Test func extraTrailingFieldsAreIgnored() throws {
        let stat = try PIDStat(parsing: "7 (x) \(Self.tail) 1 2 3 4 5 6 7\n")
        #expect(stat.pid == 7 && stat.guestTime == 0)
    }

    @Test(arguments: [
        ("", KernelStatsError.Kind.empty),
        ("1234 tmux S 1", .malformed),
        ("abc (x) S 1 2 3", .malformed),
        ("1234 (x)", .truncated),
        ("1234 (x) S 1 2 3 4 5 6 7 8 9 10", .truncated),
        ("1234 (x) S 1 1234 1234 0 -1 4194560 1905 0 2 0 eighty 41", .malformed),
    ])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        let error = expectParseError(PIDStat.self, text, kind)
        #expect(error?.file == "/proc/[pid]/stat")
    }
}

@Suite struct PIDStatusTests {
    @Test func realSample() throws {
        let status = try PIDStatus(parsing: Fixture.text("proc/pid-status"))
        #expect(status.vmRSS != nil && status.vmPeak != nil && status.vmSwap != nil)
        #expect(status.threads != nil && status.voluntaryContextSwitches != nil)
        #expect(status.uid.count == 4 && status.gid.count == 4 && !status.nsPID.isEmpty)
        #expect(status.cpusAllowedList != nil && status.memsAllowedList != nil && status.seccomp != nil)
        #expect(status.speculationStoreBypass != nil)
        #expect(status.kthread == false)
    }

    @Test func kernelThreadHasNoMemory() throws {
        let status = try PIDStatus(parsing: Fixture.text("proc/kthread-status"))
        #expect(status.vmRSS == nil && status.vmSize == nil)
        #expect(status.kthread == true)
    }

    @Test func exactValues() throws {
        let status = try PIDStatus(
            parsing: """
                Name:\tnginx
                Umask:\t0022
                NSpid:\t4242\t7
                Uid:\t101\t101\t101\t101
                Gid:\t0\t0\t0\t0
                Kthread:\t0
                VmPeak:\t   10000 kB
                VmRSS:\t    4096 kB
                VmSwap:\t       0 kB
                Threads:\t4
                Seccomp:\t2
                Speculation_Store_Bypass:\tthread force mitigated
                Cpus_allowed_list:\t0-3,8
                Mems_allowed_list:\t0
                voluntary_ctxt_switches:\t150
                nonvoluntary_ctxt_switches:\t9
                """
        )
        #expect(status.vmPeak == 10_240_000 && status.vmRSS == 4_194_304 && status.vmSwap == 0)
        #expect(status.nsPID == [4242, 7] && status.uid == [101, 101, 101, 101])
        #expect(status.threads == 4 && status.seccomp == 2 && status.speculationStoreBypass == "thread force mitigated")
        #expect(status.cpusAllowedList == "0-3,8" && status.voluntaryContextSwitches == 150)
        #expect(status.nonvoluntaryContextSwitches == 9)
        #expect(status.vmLck == nil)  // absent, not zero
    }

    @Test(arguments: [
        ("", KernelStatsError.Kind.empty),
        ("VmRSS 4096 kB\n", .malformed),
        ("VmRSS:\t4096\n", .malformed),
        ("VmRSS:\tmany kB\n", .malformed),
        ("Threads:\tfour\n", .malformed),
        ("Uid:\t0\tx\n", .malformed),
    ])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(PIDStatus.self, text, kind)
    }
}
