import Foundation
import KernelStats
import Telemetry
import Testing

/// The server keeps processes packed (``PackedProcess``): what it packs must read back exactly, field by field,
/// in JSON, in equality and in rates, and writing a packed process must never change another copy.
struct PackedProcessTests {
    /// A process with every part and every kind of value: optionals set and unset, negative and maximal
    /// numbers, a multi-byte state, strings and ID lists in status.
    static func full(pid: Int32 = 4_321, utime: UInt64 = 1_234_567) throws -> ProcessSnapshot {
        var stat = try PIDStat(
            parsing:
                "\(pid) (web (worker)) S 1 4321 4321 0 -1 0 99 0 7 0 \(utime) 89 -1 -2 20 -5 12 0 424242 \(UInt64.max) 5000 0 0 0 0 0 0 0 0 0 0 0 0 3 0 0 17 0 0"
        )
        stat.state = "Ü"
        var status = PIDStatus()
        status.vmRSS = 20_480_000
        status.vmPeak = 1 << 40
        status.voluntaryContextSwitches = 150
        status.nonvoluntaryContextSwitches = 7
        status.threads = 12
        status.seccomp = 2
        status.speculationStoreBypass = "thread vulnerable"
        status.cpusAllowedList = "0-1"
        status.uid = [1000, 1000, 1000, 1000]
        status.gid = [0, 0, 0, 0]
        status.nsPID = [4321, 7]
        status.kthread = false
        var io = PIDIO()
        io.readBytes = 4096
        io.writeBytes = 0
        io.rchar = 1 << 33
        var statm = PIDStatm()
        statm.size = 9_000
        statm.resident = 5_000
        return ProcessSnapshot(
            stat: stat,
            status: status,
            io: io,
            statm: statm,
            cmdline: ["/bin/web", "--port", "8080"],
            cgroups: [CgroupMembership()],
            networkNamespace: 4_026_531_992
        )
    }

    static func packed(_ process: ProcessSnapshot) -> ProcessSnapshot {
        var copy = process
        copy.pack()
        return copy
    }

    static func json(_ process: ProcessSnapshot) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(process)
    }

    @Test func everyFieldReadsBackAfterPacking() throws {
        let open = try Self.full()
        let packed = Self.packed(open)
        #expect(packed.isPacked)
        #expect(packed.stat == open.stat)
        #expect(packed.status == open.status)
        #expect(packed.io == open.io)
        #expect(packed.statm == open.statm)
        #expect(packed.cmdline == open.cmdline)
        #expect(packed.cgroups == open.cgroups)
        #expect(packed.networkNamespace == open.networkNamespace)
        #expect(packed.key == open.key)
        #expect(packed == open)
        #expect(packed.hashValue == open.hashValue)
        #expect(try Self.json(packed) == Self.json(open))
        #expect(packed.counters == open.counters)
    }

    @Test func aProcessWithoutItsOptionalPartsPacksToo() throws {
        let open = ProcessSnapshot(stat: try Self.full().stat)
        let packed = Self.packed(open)
        #expect(packed.isPacked)
        #expect(packed.status == nil && packed.io == nil && packed.statm == nil)
        #expect(packed == open)
    }

    @Test func aStateTheTableCannotHoldStaysUnpacked() throws {
        var open = try Self.full()
        open.stat.state = "too long a state"
        let packed = Self.packed(open)
        #expect(!packed.isPacked)
        #expect(packed == open)
    }

    @Test func newCountersKeepTheProcessPackedAndItsShapeShared() throws {
        let before = Self.packed(try Self.full())
        var after = before
        var counters = after.counters
        counters[0] = 2_000_000  // utime
        counters[6] = nil  // VmRSS gone
        after.setCounters(counters)
        #expect(after.isPacked)
        #expect(after.stat.utime == 2_000_000)
        #expect(after.status?.vmRSS == nil)
        #expect(before.stat.utime == 1_234_567)
        #expect(before.status?.vmRSS == 20_480_000)
        #expect(after.cmdline == before.cmdline)
    }

    @Test func writingAPackedProcessChangesOnlyThatCopy() throws {
        let packed = Self.packed(try Self.full())
        var written = packed
        written.stat.comm = "renamed"
        written.status?.uid = [0]
        #expect(!written.isPacked)
        #expect(written.stat.comm == "renamed")
        #expect(written.status?.uid == [0])
        #expect(packed.stat.comm == "web (worker)")
        #expect(packed.status?.uid == [1000, 1000, 1000, 1000])
        #expect(written != packed)
    }

    @Test func ratesOfPackedProcessesEqualThoseOfOpenOnes() throws {
        let before = try Self.full(utime: 1_000)
        let after = try Self.full(utime: 1_250)
        let open = ProcessRates(previous: before, current: after, seconds: 5, clockTicksPerSecond: 100)
        let packed = ProcessRates(
            previous: Self.packed(before),
            current: Self.packed(after),
            seconds: 5,
            clockTicksPerSecond: 100
        )
        #expect(packed == open)
        #expect(packed.cpuPercent == 50)
    }

    /// Every counter at its widest (ten-byte varints) and at zero reads back exactly.
    @Test func extremeCountersReadBackExactly() throws {
        for extreme in [UInt64.max, 0, 1 << 63] {
            var process = Self.packed(try Self.full())
            let table = process.counters.enumerated().map { index, value -> UInt64? in
                guard value != nil else { return nil }
                // The state stays a letter (its slot holds UTF-8 bytes, not a count).
                return index == ProcessCounter.state.rawValue ? value : extreme
            }
            process.setCounters(table)
            #expect(process.isPacked)
            #expect(process.counters == table)
            #expect(process.stat.utime == extreme)
            #expect(process.stat.nice == Int64(bitPattern: extreme))
            var open = try Self.full()
            open.setCounters(table)
            #expect(process == open)
        }
    }
}
