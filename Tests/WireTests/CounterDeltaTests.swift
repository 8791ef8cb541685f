import Telemetry
import Testing

@testable import Wire

@Suite struct CounterDeltaTests {
    @Test func changedCountersRoundTripIncludingWraparound() throws {
        let before: [UInt64?] = [10, nil, 5, .max, 7]
        let after: [UInt64?] = [12, nil, 1, 3, 7]  // up, absent, down (a reset), wrapped, unchanged
        var differences: [Int64] = []
        let changed = try #require(CounterDelta.encode(after, against: before, into: &differences))
        #expect(changed == 0b01101)
        #expect(differences == [2, -4, 4])
        var rebuilt = before
        var position = 0
        try CounterDelta.apply(changed: changed, differences: differences[...], position: &position, to: &rebuilt)
        #expect(rebuilt == after)
        #expect(position == 3)
    }

    @Test func pagedCountersTravelInPagesWhenTheyCan() throws {
        let before: [UInt64?] = [1 << 20, 1 << 20, 1 << 20, 0]
        let after: [UInt64?] = [(1 << 20) + 8_192, (1 << 20) + 100, (1 << 20) - 4_096, 1 << 63]
        var differences: [Int64] = []
        let changed = try #require(CounterDelta.encode(after, against: before, scaled: 0b0111, into: &differences))
        #expect(differences == [2 << 1 | 1, 100 << 1, -1, Int64.min])  // the last is not paged
        var rebuilt = before
        var position = 0
        try CounterDelta.apply(
            changed: changed,
            differences: differences[...],
            position: &position,
            scaled: 0b0111,
            to: &rebuilt
        )
        #expect(rebuilt == after)
        // A paged jump too large for the flag bit (and not a page multiple) cannot travel as an update.
        #expect(CounterDelta.encode([(1 << 62) + 1], against: [0], scaled: 1, into: &differences) == nil)
    }

    @Test func aCounterAppearingOrVanishingIsNoUpdate() {
        var differences: [Int64] = []
        #expect(CounterDelta.encode([1, nil], against: [1, 2], into: &differences) == nil)
        #expect(CounterDelta.encode([1, 2], against: [1, nil], into: &differences) == nil)
        #expect(CounterDelta.encode([1], against: [1, 2], into: &differences) == nil)
    }

    @Test func updatesTheReceiverCannotPlaceAreMalformed() {
        var counters: [UInt64?] = [1, nil, 3]
        var position = 0
        #expect(throws: WireError.self) {  // bit on an absent counter
            try CounterDelta.apply(changed: 0b010, differences: [1], position: &position, to: &counters)
        }
        position = 0
        #expect(throws: WireError.self) {  // bit beyond the table
            try CounterDelta.apply(changed: 1 << 40, differences: [1], position: &position, to: &counters)
        }
        position = 0
        #expect(throws: WireError.self) {  // fewer differences than bits
            try CounterDelta.apply(changed: 0b101, differences: [1], position: &position, to: &counters)
        }
    }

    @Test func everyProcessCounterRoundTripsThroughTheTable() throws {
        let fixture = try WireMessageTests.fixtureSnapshot()
        for process in fixture.allProcesses {
            var table = process.counters
            #expect(table.count == ProcessSnapshot.counterCount)
            // Every present counter changed: each must land back in its own field.
            for index in table.indices { table[index] = table[index].map { $0 &+ UInt64(index + 1) } }
            table[15] = ProcessSnapshot.stateBits("R")
            var changed = process
            changed.setCounters(table)
            #expect(changed.counters == table)
            #expect(changed.stat.state == "R")
            #expect(changed.cmdline == process.cmdline && changed.stat.comm == process.stat.comm)
            #expect(changed.hasSameShape(as: process))
        }
    }

    @Test func everyCgroupCounterRoundTripsThroughTheTable() throws {
        var cgroup = CgroupStats(version: .v2)
        cgroup.cpuUsageNanoseconds = 1
        cgroup.pidsLimit = 2
        cgroup.memoryPressure = Pressure(
            some: PressureLine(avg10: 0.5, avg60: 0.25, avg300: 0.125, totalMicroseconds: 9),
            full: nil
        )
        var table = cgroup.counters
        #expect(table.count == CgroupStats.counterCount)
        #expect(table.compactMap { $0 }.count == 6)
        for index in table.indices { table[index] = table[index].map { $0 &+ 1 } }
        var changed = cgroup
        changed.setCounters(table)
        #expect(changed.counters == table)
        #expect(changed.pidsLimit == 3 && changed.memoryPressure?.some?.totalMicroseconds == 10)
        #expect(changed.memoryPressure?.full == nil && changed.cpuPressure == nil)
    }

    @Test func aLongOrNULStateMakesTheProcessTravelWhole() {
        #expect(ProcessSnapshot.stateBits("S") == 0x53)
        #expect(ProcessSnapshot.state(0x53) == "S")
        #expect(ProcessSnapshot.stateBits("ninebytes") == nil)
        #expect(ProcessSnapshot.stateBits("S\u{0}") == nil)
    }
}
