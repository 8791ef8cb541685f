import KernelStats
import Telemetry
import Testing

@Suite struct MeminfoTests {
    @Test func realSampleKeepsEveryKeyInBytes() throws {
        let text = try Fixture.text("proc/meminfo")
        let meminfo = try Meminfo(parsing: text)
        let lines = text.split(separator: "\n")
        #expect(meminfo.values.count == lines.count)
        let first = lines[0].split(separator: " ")
        #expect(first[0] == "MemTotal:")
        #expect(meminfo.memTotal == UInt64(first[1]).map { $0 * 1024 })
        #expect(meminfo.values["Active(file)"] != nil)
    }

    @Test func unitlessValuesStayCounts() throws {
        let meminfo = try Meminfo(parsing: "MemTotal:  100 kB\nHugePages_Total:       7\n")
        #expect(meminfo.memTotal == 102_400)
        #expect(meminfo.values["HugePages_Total"] == 7)
    }

    @Test func absentKeysStayAbsent() throws {
        let meminfo = try Meminfo(parsing: "MemTotal: 100 kB\nMemFree: 50 kB\n")
        #expect(meminfo.memAvailable == nil)
        #expect(meminfo.swapTotal == nil)
    }

    @Test(arguments: [
        ("", KernelStatsError.Kind.empty),
        ("MemTotal 100 kB\n", .malformed),
        ("MemTotal:\n", .truncated),
        ("MemTotal: lots kB\n", .malformed),
        ("MemTotal: 100 MB\n", .malformed),
        ("MemTotal: 99999999999999999999 kB\n", .malformed),
    ])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(Meminfo.self, text, kind)
    }
}

@Suite struct VmstatTests {
    @Test func realSampleKeepsEveryKey() throws {
        let text = try Fixture.text("proc/vmstat")
        let vmstat = try Vmstat(parsing: text)
        #expect(vmstat.values.count == text.split(separator: "\n").count)
        #expect(vmstat.values["pgmajfault"] != nil)
    }

    @Test(arguments: [("", KernelStatsError.Kind.empty), ("pgfault\n", .truncated), ("pgfault -\n", .malformed)])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(Vmstat.self, text, kind)
    }
}

@Suite struct LoadAvgTests {
    @Test func realSample() throws {
        let load = try LoadAvg(parsing: Fixture.text("proc/loadavg"))
        #expect(load.entities > 0 && load.lastPID > 0)
    }

    @Test func exactValues() throws {
        let load = try LoadAvg(parsing: "0.30 0.09 12.03 2/166 1234\n")
        #expect(load.load1 == 0.30 && load.load5 == 0.09 && load.load15 == 12.03)
        #expect(load.runnable == 2 && load.entities == 166 && load.lastPID == 1234)
    }

    @Test func wholeNumbersWithoutAFraction() throws {
        let load = try LoadAvg(parsing: "1 2 30 1/10 7\n")
        #expect(load.load1 == 1 && load.load5 == 2 && load.load15 == 30)
    }

    @Test(arguments: [
        ("", KernelStatsError.Kind.empty),
        ("0.30 0.09 0.03 2/166\n", .truncated),
        ("0.30 0.09 0.03 2-166 1\n", .malformed),
        ("0.3x 0.09 0.03 2/166 1\n", .malformed),
    ])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(LoadAvg.self, text, kind)
    }
}
