import KernelStats
import Telemetry
import Testing

@Suite struct NetDevTests {
    @Test func realSampleHasEveryInterfaceAndColumn() throws {
        let text = try Fixture.text("proc/net-dev")
        let dev = try NetDev(parsing: text)
        #expect(dev.interfaces.count == text.split(separator: "\n").count - 2)
        #expect(dev.interfaces.contains { $0.isLoopback })
    }

    @Test func allSixteenColumns() throws {
        let dev = try NetDev(
            parsing: """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                  eth0:1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
                """
        )
        let eth0 = try #require(dev.interfaces.first)
        #expect(eth0.name == "eth0")
        #expect(eth0.rxBytes == 1 && eth0.rxDropped == 4 && eth0.rxMulticast == 8)
        #expect(eth0.txBytes == 9 && eth0.txDropped == 12 && eth0.txCollisions == 14 && eth0.txCompressed == 16)
    }

    @Test(arguments: [
        ("", KernelStatsError.Kind.empty),
        ("  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", .truncated),
        ("  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x\n", .malformed),
        ("  : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", .malformed),
    ])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(NetDev.self, text, kind)
    }
}

@Suite struct DiskStatsTests {
    @Test func realSampleListsEveryDevice() throws {
        let text = try Fixture.text("proc/diskstats")
        let stats = try DiskStats(parsing: text)
        #expect(stats.devices.count == text.split(separator: "\n").count)
        #expect(stats.devices.contains { $0.name.hasPrefix("loop") })
    }

    @Test(arguments: [14, 18, 20])
    func fieldCounts(count: Int) throws {
        let numbers = (1...(count - 3)).map(String.init).joined(separator: " ")
        let stats = try DiskStats(parsing: " 259       0 nvme0n1 \(numbers)\n")
        let disk = try #require(stats.devices.first)
        #expect(disk.major == 259 && disk.name == "nvme0n1")
        #expect(disk.readsCompleted == 1 && disk.sectorsRead == 3 && disk.weightedIOTimeMs == 11)
        #expect((disk.discardsCompleted != nil) == (count >= 18))
        #expect((disk.flushesCompleted != nil) == (count >= 20))
        #expect(disk.flushTimeMs == (count >= 20 ? 17 : nil))
    }

    @Test func devicesKeepTheirNames() throws {
        let line = { (name: String) in " 8 0 \(name) 1 2 3 4 5 6 7 8 9 10 11\n" }
        let names = ["nvme0n1", "nvme0n1p1", "dm-0", "md127", "mmcblk0", "sda", "sda1", "loop0"]
        let stats = try DiskStats(parsing: names.map(line).joined())
        #expect(stats.devices.map(\.name) == names)
    }

    @Test func classification() {
        let whole: Set = ["nvme0n1", "dm-0", "md127", "sda", "loop0", "ram0", "zram0"]
        #expect(BlockDeviceKind.classify("nvme0n1", wholeDisks: whole) == .disk)
        #expect(BlockDeviceKind.classify("dm-0", wholeDisks: whole) == .disk)
        #expect(BlockDeviceKind.classify("md127", wholeDisks: whole) == .disk)
        #expect(BlockDeviceKind.classify("nvme0n1p2", wholeDisks: whole) == .partition)
        #expect(BlockDeviceKind.classify("sda1", wholeDisks: whole) == .partition)
        #expect(BlockDeviceKind.classify("loop0", wholeDisks: whole) == .virtual)
        #expect(BlockDeviceKind.classify("ram0", wholeDisks: whole) == .virtual)
        #expect(BlockDeviceKind.classify("zram0", wholeDisks: whole) == .virtual)
    }

    @Test(arguments: [
        ("", KernelStatsError.Kind.empty),
        ("   8 0\n", .truncated),
        ("   8 0 sda 1 2 3 4 5 6 7 8 9 10\n", .truncated),
        ("   8 0 sda 1 2 3 4 5 6 7 8 9 10 x\n", .malformed),
        ("   x 0 sda 1 2 3 4 5 6 7 8 9 10 11\n", .malformed),
    ])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(DiskStats.self, text, kind)
    }
}

@Suite struct PressureTests {
    @Test func realSamples() throws {
        let cpu = try Pressure(parsing: Fixture.text("proc/pressure-cpu"))
        #expect(cpu.some != nil)
        let io = try Pressure(parsing: Fixture.text("proc/pressure-io"))
        #expect(io.some != nil && io.full != nil)
    }

    @Test func exactValues() throws {
        let pressure = try Pressure(
            parsing:
                "some avg10=0.06 avg60=0.21 avg300=0.99 total=8537362\nfull avg10=1.50 avg60=0.00 avg300=0.00 total=7\n"
        )
        #expect(pressure.some == PressureLine(avg10: 0.06, avg60: 0.21, avg300: 0.99, totalMicroseconds: 8_537_362))
        #expect(pressure.full?.avg10 == 1.5 && pressure.full?.totalMicroseconds == 7)
    }

    @Test func cpuWithoutFullLineOnOldKernels() throws {
        let pressure = try Pressure(parsing: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")
        #expect(pressure.full == nil)
    }

    @Test func unknownPrefixIsSkipped() throws {
        let pressure = try Pressure(parsing: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nnew avg10=1\n")
        #expect(pressure.some != nil)
    }

    @Test(arguments: [
        ("", KernelStatsError.Kind.empty),
        ("some avg10=0.00 avg60=0.00 total=0\n", .truncated),
        ("some avg10 avg60=0.00 avg300=0.00 total=0\n", .malformed),
        ("other 1\n", .malformed),
    ])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(Pressure.self, text, kind)
    }
}
