import KernelStats
import Telemetry
import Testing

@Suite struct CgroupParserTests {
    @Test func flatKeyed() throws {
        let stat = try FlatKeyedFile(parsing: Fixture.text("cgroup-v2/cpu.stat"))
        #expect(stat["usage_usec"] == 48_211_594 && stat["throttled_usec"] == 20_731_554)
        #expect(stat["core_sched.force_idle_usec"] == 0)
        expectParseError(FlatKeyedFile.self, "usage_usec\n", .truncated)
        expectParseError(FlatKeyedFile.self, "usage_usec 1.5\n", .malformed)
    }

    @Test func cpuMax() throws {
        #expect(try CPUMax(parsing: "max 100000\n").cores == nil)
        #expect(try CPUMax(parsing: "50000 100000\n").cores == 0.5)
        expectParseError(CPUMax.self, "50000\n", .truncated)
        expectParseError(CPUMax.self, "lots 100000\n", .malformed)
        expectParseError(CPUMax.self, "", .empty)
    }

    @Test(arguments: [
        ("max\n", UInt64?.none), ("-1\n", nil), ("9223372036854771712\n", nil), ("536870912\n", 536_870_912),
        ("0\n", 0),
    ])
    func singleValue(text: String, value: UInt64?) throws {
        #expect(try SingleValue(parsing: text).value == value)
    }

    @Test func singleValueErrors() {
        expectParseError(SingleValue.self, "", .empty)
        expectParseError(SingleValue.self, "lots\n", .malformed)
    }

    @Test func ioStatSkipsUnknownKeys() throws {
        let io = try IOStat(parsing: Fixture.text("cgroup-v2/io.stat"))
        #expect(io.devices.count == 2)
        #expect(io.devices[0].major == 259 && io.devices[0].readBytes == 90_112_000 && io.devices[0].writeOps == 301)
        #expect(io.devices[1].readOps == 12)
        expectParseError(IOStat.self, "8 rbytes=1\n", .malformed)
        expectParseError(IOStat.self, "8:0 rbytes=x\n", .malformed)
    }

    @Test func blkioThrottleCountsReadAndWriteOnce() throws {
        let bytes = try BlkioThrottle(parsing: Fixture.text("cgroup-v1/blkio/blkio.throttle.io_service_bytes"))
        #expect(bytes.devices.count == 1)
        #expect(bytes.devices[0].readBytes == 183_500_800 && bytes.devices[0].writeBytes == 52_428_800)
        expectParseError(BlkioThrottle.self, "8:0 Read\n", .truncated)
        expectParseError(BlkioThrottle.self, "8:0 Read x\n", .malformed)
    }
}

@Suite struct CgroupReaderTests {
    @Test func v2Directory() throws {
        let reader = CgroupReader(directories: CgroupDirectories(unified: Fixture.path("cgroup-v2")))
        #expect(reader.version == .v2)
        var buffer = ReadBuffer()
        let stats = try reader.read(into: &buffer)
        #expect(stats.cpuUsageNanoseconds == 48_211_594_000 && stats.cpuUserNanoseconds == 39_008_811_000)
        #expect(
            stats.cpuPeriods == 9021 && stats.cpuThrottledPeriods == 412
                && stats.cpuThrottledNanoseconds == 20_731_554_000
        )
        #expect(stats.cpuQuotaMicroseconds == 200_000 && stats.cpuPeriodMicroseconds == 100_000)
        #expect(stats.memoryUsageBytes == 163_840_000 && stats.memoryLimitBytes == 536_870_912)
        #expect(stats.memoryWorkingSetBytes == 163_840_000 - 25_165_824)
        #expect(stats.memoryRSSBytes == 118_112_256 && stats.memoryCacheBytes == 40_427_520)
        #expect(stats.oomKills == 1 && stats.memoryLimitHits == 14)
        #expect(stats.ioReadBytes == 90_112_000 + 1_048_576 && stats.ioWriteOps == 302)
        #expect(stats.pidsCurrent == 27 && stats.pidsLimit == nil)
        #expect(stats.cpuPressure?.full?.avg10 == 0.9 && stats.ioPressure?.some?.totalMicroseconds == 88_124)
    }

    @Test func v1DirectoriesGiveTheSameShape() throws {
        let root = Fixture.path("cgroup-v1")
        let reader = CgroupReader(
            directories: CgroupDirectories(
                unified: "\(root)/unified",
                cpu: "\(root)/cpu",
                cpuacct: "\(root)/cpuacct",
                memory: "\(root)/memory",
                pids: "\(root)/pids",
                blkio: "\(root)/blkio"
            )
        )
        #expect(reader.version == .v1)
        var buffer = ReadBuffer()
        let stats = try reader.read(into: &buffer)
        let usage = try SingleValue(parsing: Fixture.text("cgroup-v1/memory/memory.usage_in_bytes")).value
        let memoryStat = try FlatKeyedFile(parsing: Fixture.text("cgroup-v1/memory/memory.stat"))
        let inactive = try #require(memoryStat["total_inactive_file"])
        #expect(stats.memoryUsageBytes == usage)
        #expect(stats.memoryWorkingSetBytes == usage.map { $0 - inactive })
        #expect(stats.memoryRSSBytes == memoryStat["total_rss"] && stats.memoryCacheBytes == memoryStat["total_cache"])
        #expect(stats.memoryLimitBytes == 268_435_456 && stats.memoryLimitHits == 3 && stats.oomKills == 2)
        #expect(stats.cpuQuotaMicroseconds == 50_000 && stats.cpuPeriodMicroseconds == 100_000)
        #expect(stats.cpuThrottledPeriods == 37 && stats.cpuThrottledNanoseconds == 1_843_000_000)
        #expect(stats.cpuUsageNanoseconds != nil && stats.cpuUserNanoseconds != nil)
        #expect(stats.ioReadBytes == 183_500_800 && stats.ioReadOps == 3068 && stats.ioWriteOps == 1756)
        #expect(stats.pidsCurrent == 4 && stats.pidsLimit == 1024)
        #expect(stats.memoryPressure != nil && stats.cpuPressure != nil)  // from the v2 hierarchy of a hybrid host
    }

    @Test func missingFilesStayNil() throws {
        let reader = CgroupReader(directories: CgroupDirectories(memory: Fixture.path("cgroup-v1/memory")))
        var buffer = ReadBuffer()
        let stats = try reader.read(into: &buffer)
        #expect(stats.cpuUsageNanoseconds == nil && stats.pidsCurrent == nil && stats.cpuPressure == nil)
        #expect(stats.memoryUsageBytes != nil)
    }

    @Test func vanishedCgroupIsGone() {
        let reader = CgroupReader(directories: CgroupDirectories(memory: Fixture.path("cgroup-v1/no-such-container")))
        var buffer = ReadBuffer()
        #expect(throws: KernelStatsError.self) { try reader.read(into: &buffer) }
    }
}
