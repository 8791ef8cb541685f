import Telemetry
import Testing

@testable import Wire

/// Deltas where processes and containers change in every way the encoder distinguishes: each must rebuild the
/// snapshot exactly, and payloads the receiver cannot place must be refused, not guessed at.
@Suite struct DeltaShapeTests {
    static func roundTrip(_ snapshots: [Snapshot]) throws -> [Snapshot] {
        var encoder = SnapshotEncoder()
        var decoder = SnapshotDecoder()
        return try snapshots.map { try decoder.snapshot(from: encoder.frame(for: $0)) }
    }

    @Test func movedReshapedAndUpdatedProcessesAndChangedContainersRebuildExactly() throws {
        let first = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        var second = first
        second.hostProcesses[0].stat.state = "R"  // counters and state only: an update
        second.hostProcesses[0].stat.utime += 3
        second.hostProcesses[1].stat.comm = "renamed"  // shape changed: whole, cmdline restored by the receiver
        second.containers[0].cgroup?.cpuPressure = Pressure(some: PressureLine(), full: nil)  // a counter appears
        let moved = second.containers[1].processes.removeFirst()  // moved between containers
        second.containers[0].processes.append(moved)
        second.containers[0].processes.sort { $0.pid < $1.pid }
        var third = second
        third.containers.removeLast()  // a container gone, its processes with it
        var added = first.containers[1]
        added.identity.containerID = "added"
        added.processes[0].stat.pid = 77_777
        third.containers.insert(added, at: 0)  // a new container, before a carried one
        third.containers[1].cgroup?.cpuPressure?.some?.avg10 = 1.5  // a double counter moved
        let rebuilt = try Self.roundTrip([first, second, third])
        #expect(rebuilt == [first, second, third])
        #expect(rebuilt[1].hostProcesses[1].cmdline == first.hostProcesses[1].cmdline)
    }

    @Test func theNodeTravelsAsRowsUnlessItsShapeChanged() throws {
        let first = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        var second = first
        second.host.cpu.total.user += 40
        second.host.cpu.contextSwitches = (second.host.cpu.contextSwitches ?? 0) + 9
        if !second.host.network.isEmpty { second.host.network[0].rxBytes += 1_500 }
        second.host.load?.load1 = 2.5
        let rows = DeltaEncoding.message(second, against: first)
        #expect(!rows.hostRows.isEmpty && rows.host.network.isEmpty)
        #expect(first.nodeInfo == nil || rows.nodeInfoUnchanged)
        var third = second
        third.host.disks.append(DiskStat())  // a new disk: the node travels whole
        #expect(DeltaEncoding.message(third, against: second).hostRows.isEmpty)
        #expect(try Self.roundTrip([first, second, third]) == [first, second, third])
    }

    @Test func idleContainersAreCarriedByTheLayoutNotSent() throws {
        let first = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        var second = first
        second.containers[1].processes[0].stat.utime += 1
        let wire = DeltaEncoding.message(second, against: first)
        #expect(wire.containerLayout == [0, -1])
        #expect(wire.containers.count == 1 && wire.containers[0].processUpdates.pids.count == 1)
        #expect(wire.containers[0].processes.isEmpty)
    }

    @Test func updatesForProcessesOrContainersTheReceiverLacksAreMalformed() throws {
        let first = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        var second = first
        second.containers[1].processes[0].stat.utime += 1
        second.containers[1].cgroup?.cpuUsageNanoseconds? += 5
        let good = DeltaEncoding.message(second, against: first)
        #expect(good.containers.count == 1 && good.containers[0].hasCgroupUpdate)
        var unknownPID = good
        unknownPID.containers[0].processUpdates.pids = [424_242]
        var badLayout = good
        badLayout.containerLayout = [9, -1]
        var extraContainer = good
        extraContainer.containerLayout = [0, 0]
        var extraCgroupDifference = good  // more differences than changed counters
        extraCgroupDifference.containers[0].cgroupUpdate.differences.append(1)
        var extraProcessDifference = good
        extraProcessDifference.containers[0].processUpdates.differences.append(1)
        for wire in [unknownPID, badLayout, extraContainer, extraCgroupDifference, extraProcessDifference] {
            var decoder = SnapshotDecoder()
            _ = try decoder.snapshot(from: WireMessage.snapshot(first).frame())
            let error = #expect(throws: WireError.self) {
                try decoder.snapshot(from: WireMessage.frame(snapshot: wire, flags: [.compressed]))
            }
            #expect(error?.hasSameKind(as: .malformedPayload("")) == true)
        }
        var decoder = SnapshotDecoder()
        _ = try decoder.snapshot(from: WireMessage.snapshot(first).frame())
        #expect(try decoder.snapshot(from: WireMessage.frame(snapshot: good, flags: [.compressed])) == second)
    }
}
