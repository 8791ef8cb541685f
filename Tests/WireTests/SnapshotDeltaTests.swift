import NIOCore
import Telemetry
import Testing
import Wire

@Suite struct SnapshotDeltaTests {
    /// Processes in PID order, as the receiver rebuilds them.
    static func normalized(_ snapshot: Snapshot) -> Snapshot {
        var copy = snapshot
        for index in copy.containers.indices { copy.containers[index].processes.sort { $0.pid < $1.pid } }
        copy.hostProcesses.sort { $0.pid < $1.pid }
        return copy
    }

    @Test func keyframeThenDeltasRebuildEverySnapshotExactly() throws {
        let first = try WireMessageTests.fixtureSnapshot()
        var second = first
        second.hostProcesses[0].stat.utime += 7  // changed
        let ended = second.hostProcesses.removeLast()  // ended
        var newcomer = first.hostProcesses[0]  // started
        newcomer.stat.pid = 31_337
        newcomer.stat.starttime = 999_999
        newcomer.cmdline = ["/usr/bin/new", "--flag"]
        second.hostProcesses.append(newcomer)
        let usage = second.containers[0].cgroup?.cpuUsageNanoseconds ?? 0
        second.containers[0].cgroup?.cpuUsageNanoseconds = usage + 5_000
        let third = second  // nothing changed at all

        var encoder = SnapshotEncoder()
        var decoder = SnapshotDecoder()
        let frames = [first, second, third].map { encoder.frame(for: $0) }
        #expect(frames[0].flags.contains(.keyframe))
        #expect(!frames[1].flags.contains(.keyframe) && !frames[2].flags.contains(.keyframe))
        #expect(frames[2].payload.readableBytes < frames[0].payload.readableBytes / 3)
        for (frame, expected) in zip(frames, [first, second, third]) {
            // A keyframe keeps the agent's order; a delta rebuilds in PID order: compare in PID order.
            let rebuilt = Self.normalized(try decoder.snapshot(from: frame))
            #expect(rebuilt == Self.normalized(expected))
        }
        #expect(ended.pid != newcomer.pid)
    }

    /// The server keeps what it decodes packed: every process of a keyframe, and after a delta the changed and
    /// new ones too, while the untouched keep the very allocation they had.
    @Test func decodedProcessesArePackedAndUntouchedOnesShared() throws {
        let first = try WireMessageTests.fixtureSnapshot()
        var second = first
        second.hostProcesses[0].stat.utime += 7
        var encoder = SnapshotEncoder()
        var decoder = SnapshotDecoder()
        let keyframe = try decoder.snapshot(from: encoder.frame(for: first))
        let delta = try decoder.snapshot(from: encoder.frame(for: second))
        for snapshot in [keyframe, delta] {
            let all = snapshot.containers.flatMap(\.processes) + snapshot.hostProcesses
            #expect(!all.isEmpty)
            #expect(all.allSatisfy { $0.isPacked })
        }
        let changed = try #require(delta.hostProcesses.first { $0.pid == second.hostProcesses[0].pid })
        #expect(changed.stat.utime == second.hostProcesses[0].stat.utime)
        #expect(Self.normalized(delta) == Self.normalized(second))
    }

    /// A PSI value that appears without lines has the same counter table as none: the cgroup must travel whole.
    @Test func aCgroupWhosePressureAppearedIsRebuiltExactly() throws {
        var first = try WireMessageTests.fixtureSnapshot()
        first.containers[0].cgroup?.ioPressure = nil
        var second = first
        second.containers[0].cgroup?.ioPressure = Pressure(some: nil, full: nil)
        second.containers[0].cgroup?.cpuPressure = nil
        #expect(second.containers[0].cgroup?.ioPressure != nil && first.containers[0].cgroup?.ioPressure == nil)
        var encoder = SnapshotEncoder()
        var decoder = SnapshotDecoder()
        _ = try decoder.snapshot(from: encoder.frame(for: first))
        let rebuilt = try decoder.snapshot(from: encoder.frame(for: second))
        #expect(rebuilt.containers[0].cgroup == second.containers[0].cgroup)
        #expect(Self.normalized(rebuilt) == Self.normalized(second))
    }

    @Test func aDeltaBeforeAnyKeyframeIsRefused() throws {
        let snapshot = try WireMessageTests.fixtureSnapshot()
        var encoder = SnapshotEncoder()
        _ = encoder.frame(for: snapshot)
        let delta = encoder.frame(for: snapshot)
        var decoder = SnapshotDecoder()
        let error = #expect(throws: WireError.self) { try decoder.snapshot(from: delta) }
        #expect(error?.hasSameKind(as: .unexpectedFrame("")) == true)
    }
}
