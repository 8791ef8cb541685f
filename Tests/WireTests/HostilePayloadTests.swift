import NIOCore
import Telemetry
import Testing

@testable import Wire

/// Payloads that decode but would make the server hold or compute without bound, or hold absurd values
/// (security review H1, H2): each is refused (a limit, with the field) or malformed, before it is built.
@Suite struct HostilePayloadTests {
    static func keyframe() throws -> Snapshot {
        SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
    }

    /// A decoder that holds `first` as its previous snapshot.
    static func decoder(after first: Snapshot) throws -> SnapshotDecoder {
        var decoder = SnapshotDecoder()
        var encoder = SnapshotEncoder()
        _ = try decoder.snapshot(from: encoder.frame(for: first))
        return decoder
    }

    static func delta(_ build: (inout Podwatch_V1_Snapshot) -> Void) throws -> Frame {
        let first = try Self.keyframe()
        var wire = DeltaEncoding.message(first, against: first)
        build(&wire)
        return WireMessage.frame(snapshot: wire, flags: [.compressed])
    }

    static func expectRefused(_ field: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("accepted; expected a refusal at \(field)")
        } catch let error as WireError {
            #expect(error.violation?.field.hasPrefix(field) == true, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    static func expectMalformed(_ words: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("accepted; expected malformed (\(words))")
        } catch let error as WireError {
            #expect(error.violation == nil && error.detail.contains(words), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The reproduced OOM: one delta repeating container index 0 four million times (1.48 GB before). Refused by
    /// the census before a single container is built; a short repeat is malformed.
    @Test func aRepeatedContainerIndexIsRefusedOrMalformed() throws {
        let first = try Self.keyframe()
        var decoder = try Self.decoder(after: first)
        let huge = try Self.delta { $0.containerLayout = Array(repeating: 0, count: 4_000_000) }
        #expect(huge.payload.readableBytes < 64 << 10)  // a few KB compressed
        Self.expectRefused("container_layout") { _ = try decoder.snapshot(from: huge) }
        do {
            _ = try decoder.snapshot(from: huge)
        } catch {
            #expect(error.violation?.value == "4000000 entries")
        }
        let twice = try Self.delta { $0.containerLayout = [0, 0] }
        Self.expectMalformed("uses index 0 twice") { _ = try decoder.snapshot(from: twice) }
    }

    @Test func aPreviousIndexUsedTwiceOrByTheLayoutTooIsMalformed() throws {
        let first = try Self.keyframe()
        var decoder = try Self.decoder(after: first)
        var entry = Podwatch_V1_ContainerSnapshot()
        entry.previousIndex = 1
        entry.cgroupUnchanged = true
        let twice = try Self.delta {
            $0.containerLayout = [-1, -1]
            $0.containers = [entry, entry]
        }
        Self.expectMalformed("uses index 1 twice") { _ = try decoder.snapshot(from: twice) }
        let clash = try Self.delta {
            $0.containerLayout = [1, -1]
            $0.containers = [entry]
        }
        Self.expectMalformed("uses index 1 twice") { _ = try decoder.snapshot(from: clash) }
    }

    @Test func removingMoreThanThePreviousSnapshotHeldIsMalformed() throws {
        let first = try Self.keyframe()
        var decoder = try Self.decoder(after: first)
        let held = first.containers.reduce(first.hostProcesses.count) { $0 + $1.processes.count }
        var key = Podwatch_V1_ProcessKey()
        key.pid = 1
        let removal = try Self.delta { $0.removedProcesses = Array(repeating: key, count: held + 1) }
        Self.expectMalformed("processes removed of \(held)") { _ = try decoder.snapshot(from: removal) }
        let pods = try Self.delta { $0.removedPodUids = Array(repeating: "x", count: first.pods.count + 1) }
        Self.expectMalformed("pods removed of \(first.pods.count)") { _ = try decoder.snapshot(from: pods) }
    }

    /// 5,000 empty containers are 10 KB of protobuf and would have been 5,000 heap objects before any check.
    @Test func tooManyContainersInAKeyframeAreCountedBeforeDecoding() throws {
        var wire = Podwatch_V1_Snapshot(try Self.keyframe())
        wire.containers = Array(repeating: Podwatch_V1_ContainerSnapshot(), count: 5_000)
        var decoder = SnapshotDecoder()
        Self.expectRefused("containers") {
            _ = try decoder.snapshot(from: WireMessage.frame(snapshot: wire, flags: [.keyframe, .compressed]))
        }
    }

    /// The reproduced crash: a keyframe with `host.load.load1 = 1e17`.
    @Test(arguments: [1e17, -1, .infinity, .nan])
    func anAbsurdLoadIsRefusedNamingTheField(load: Double) throws {
        var snapshot = try Self.keyframe()
        snapshot.host.load?.load1 = load
        var decoder = SnapshotDecoder()
        var encoder = SnapshotEncoder()
        Self.expectRefused("host.load.load1") { _ = try decoder.snapshot(from: encoder.frame(for: snapshot)) }
    }

    @Test func anAbsurdLoadInADeltaIsRefusedToo() throws {
        let first = try Self.keyframe()
        var decoder = try Self.decoder(after: first)
        var encoder = SnapshotEncoder()
        _ = encoder.frame(for: first)
        var second = first
        second.host.load?.load1 = 1e17
        Self.expectRefused("host.load.load1") { _ = try decoder.snapshot(from: encoder.frame(for: second)) }
        // The decoder kept its previous snapshot: a good delta against it still applies.
        var honest = SnapshotEncoder()
        _ = honest.frame(for: first)
        var third = first
        third.host.load?.load1 = 3
        #expect(try decoder.snapshot(from: honest.frame(for: third)).host.load?.load1 == 3)
    }

    @Test(arguments: ["web\u{0}", "web\nINFO forged", String(repeating: "a", count: 254), "\u{202E}evil"])
    func aPodNameThatIsNoNameIsRefused(name: String) throws {
        var snapshot = try Self.keyframe()
        snapshot.pods = [PodMetadata(uid: "uid-1", namespace: "shop", name: name, phase: "Running")]
        var decoder = SnapshotDecoder()
        var encoder = SnapshotEncoder()
        Self.expectRefused("pods[0].name") { _ = try decoder.snapshot(from: encoder.frame(for: snapshot)) }
    }

    /// A 2 MB command line sent whole in a delta (the agent cuts it to 4 KB; a hostile one does not).
    @Test func aProcessSentWholeIsCheckedInADelta() throws {
        let first = try Self.keyframe()
        var decoder = try Self.decoder(after: first)
        var encoder = SnapshotEncoder()
        _ = encoder.frame(for: first)
        var second = first
        var process = second.hostProcesses[0]
        process.stat.pid = 4_000_001
        process.cmdline = ["java", String(repeating: "x", count: 2 << 20)]
        second.hostProcesses.append(process)
        Self.expectRefused("host_processes") { _ = try decoder.snapshot(from: encoder.frame(for: second)) }
    }

    @Test func oneProcessSentTwiceIsRefused() throws {
        let first = try Self.keyframe()
        var decoder = try Self.decoder(after: first)
        let whole = Podwatch_V1_ProcessSnapshot(first.hostProcesses[0])
        let twice = try Self.delta { $0.hostProcesses = [whole, whole] }
        Self.expectRefused("processes") { _ = try decoder.snapshot(from: twice) }
    }

    @Test func packedListsAreCountedByEntries() throws {
        let first = try Self.keyframe()
        var decoder = try Self.decoder(after: first)
        let updates = try Self.delta {
            $0.hostProcessUpdates.pids = Array(repeating: 0, count: 70_000)
            $0.hostProcessUpdates.changed = Array(repeating: 0, count: 70_000)
        }
        Self.expectRefused("host_process_updates") { _ = try decoder.snapshot(from: updates) }
    }
}
