import Telemetry
import Testing

@testable import Wire

@Suite struct ProcessInternerTests {
    static func storage<Element>(_ array: [Element]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
    }

    static func process(pid: Int32) -> ProcessSnapshot {
        var status = PIDStatus()
        status.uid = [1_000, 1_000, 1_000, 1_000].map { UInt32($0) }  // a fresh array each time
        var process = ProcessSnapshot(
            stat: PIDStat(),
            status: status,
            cmdline: ["nginx:", "worker", "process"].map { String($0) },
            cgroups: [CgroupMembership()]
        )
        process.stat.pid = pid
        return process
    }

    @Test func equalArraysEndUpSharingOneStorage() {
        var interner = ProcessInterner()
        var a = Self.process(pid: 1)
        var b = Self.process(pid: 2)
        #expect(Self.storage(a.cmdline) != Self.storage(b.cmdline))
        interner.intern(&a)
        interner.intern(&b)
        #expect(Self.storage(a.cmdline) == Self.storage(b.cmdline))
        #expect(Self.storage(a.cgroups) == Self.storage(b.cgroups))
        #expect(Self.storage(a.status?.uid ?? []) == Self.storage(b.status?.uid ?? []))
        #expect(a.cmdline == ["nginx:", "worker", "process"] && b.status?.uid == [1_000, 1_000, 1_000, 1_000])
    }

    @Test func aRepeatedCommandLineIsRedactedEveryTimeAndSharedRedacted() {
        var interner = ProcessInterner(redaction: .standard)
        var processes = (1...3).map { pid in
            var process = Self.process(pid: Int32(pid))
            process.cmdline = ["redis-server", "--requirepass", "s3cret\u{0}\r\n"]
            return process
        }
        var plain = Self.process(pid: 4)
        for index in processes.indices { interner.intern(&processes[index]) }
        interner.intern(&plain)
        interner.intern(&plain)  // seen before: returned as held, unchanged
        #expect(processes.allSatisfy { $0.cmdline == ["redis-server", "--requirepass", "•••"] })
        #expect(Self.storage(processes[0].cmdline) == Self.storage(processes[2].cmdline))
        #expect(plain.cmdline == ["nginx:", "worker", "process"])
    }

    @Test func pastItsLimitItStartsOverWithoutChangingValues() {
        var interner = ProcessInterner(limit: 1)
        var processes = (1...5).map { pid in
            var process = Self.process(pid: Int32(pid))
            process.cmdline = ["/bin/job", "\(pid)"]
            return process
        }
        let before = processes
        interner.intern(&processes)
        #expect(processes == before)
    }

    @Test func itForgetsWhatNoLiveProcessHolds() {
        var interner = ProcessInterner()
        var kept = Self.process(pid: 1)
        var ended = Self.process(pid: 2)
        ended.cmdline = ["/bin/ended"].map { String($0) }
        interner.intern(&kept)
        interner.intern(&ended)
        var snapshot = Snapshot()
        snapshot.hostProcesses = [kept]
        interner.forgetAllBut(snapshot)
        var again = Self.process(pid: 3)
        again.cmdline = ["/bin/ended"].map { String($0) }
        let fresh = Self.storage(again.cmdline)
        var alive = Self.process(pid: 4)
        interner.intern(&again)
        interner.intern(&alive)
        #expect(Self.storage(again.cmdline) == fresh)  // not the ended process's copy: that one was forgotten
        #expect(Self.storage(alive.cmdline) == Self.storage(kept.cmdline))  // still shared with the live one
    }

    /// The server keeps processes packed: the refresh reads their lists in place, and what a packed live process
    /// holds (its command line and its status's IDs) is still what a new arrival shares.
    @Test func itKeepsWhatPackedLiveProcessesHold() {
        var interner = ProcessInterner()
        var workers = [Self.process(pid: 1), Self.process(pid: 2)]
        var ended = Self.process(pid: 3)
        ended.cmdline = ["/bin/ended"].map { String($0) }
        ended.status?.uid = [7, 7, 7, 7]
        interner.intern(&workers)
        interner.intern(&ended)
        var snapshot = Snapshot()
        snapshot.hostProcesses = workers
        snapshot.packProcesses()
        #expect(snapshot.hostProcesses[0].sharedLists.ids?.uid == [1_000, 1_000, 1_000, 1_000])
        interner.forgetAllBut(snapshot)
        var arrival = Self.process(pid: 4)
        var again = Self.process(pid: 5)
        again.cmdline = ["/bin/ended"].map { String($0) }
        again.status?.uid = [7, 7, 7, 7]
        let (freshCommand, freshIDs) = (Self.storage(again.cmdline), Self.storage(again.status?.uid ?? []))
        interner.intern(&arrival)
        interner.intern(&again)
        let kept = snapshot.hostProcesses[1]
        #expect(Self.storage(arrival.cmdline) == Self.storage(kept.cmdline))
        #expect(Self.storage(arrival.status?.uid ?? []) == Self.storage(kept.sharedLists.ids?.uid ?? []))
        #expect(Self.storage(again.cmdline) == freshCommand)  // the ended process's copies were forgotten
        #expect(Self.storage(again.status?.uid ?? []) == freshIDs)
    }

    @Test func decodedKeyframesShareRepeatedArrays() throws {
        var snapshot = Snapshot()
        snapshot.hostProcesses = [Self.process(pid: 10), Self.process(pid: 11)]
        var decoder = SnapshotDecoder()
        let decoded = try decoder.snapshot(from: WireMessage.snapshot(snapshot).frame())
        #expect(decoded.hostProcesses == snapshot.hostProcesses)
        #expect(Self.storage(decoded.hostProcesses[0].cmdline) == Self.storage(decoded.hostProcesses[1].cmdline))
    }
}
