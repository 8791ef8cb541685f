import Foundation
import NodeStore
import Simulation
import Telemetry
import Testing

@testable import Recordings

/// The store on a real directory: rows per level for every snapshot in scope, restarts, the disk budget.
@Suite struct RecordingStoreTests {
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "podwatch-recordings-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Two snapshots of node `a` and one of `b` through a real cache, recorded as they land.
    static func feed(_ store: RecordingStore) -> [Snapshot] {
        let cache = LiveCache(configuration: NodeStoreConfiguration())
        cache.observe(
            LiveCacheObserver(
                wants: { _ in store.isRecording },
                deliver: { store.record($0, nowMilliseconds: 1_000) }
            )
        )
        var a = SyntheticNode(name: "a", pods: 3, seed: 1)
        let b = SyntheticNode(name: "b", pods: 2, seed: 2)
        let first = a.snapshot(wallMilliseconds: 1_000)
        cache.ingest(node: "a", snapshot: first, wallMilliseconds: 1_000)
        cache.ingest(node: "b", snapshot: b.snapshot(wallMilliseconds: 1_000), wallMilliseconds: 1_000)
        a.advance()
        let second = a.snapshot(wallMilliseconds: 6_000)
        cache.ingest(node: "a", snapshot: second, wallMilliseconds: 6_000)
        return [first, second]
    }

    static func rows(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func everySnapshotInScopeBecomesRowsAtEachLevel() async throws {
        let directory = try Self.directory()
        let store = try RecordingStore(directory: directory, budgetBytes: 1 << 30, nowMilliseconds: 0)
        let recording = try store.start(
            name: "node a",
            scope: RecordingScope(nodes: ["a"], processes: true),
            durationSeconds: nil,
            nowMilliseconds: 0
        )
        let snapshots = Self.feed(store)
        let nodes = try Self.rows(store.path(recording.id, RecordingFiles.nodes))
        #expect(nodes.first == RecordingFiles.nodeColumns.joined(separator: ","))
        #expect(
            nodes.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["1000,a", "6000,a"]
        )
        let containers = try Self.rows(store.path(recording.id, RecordingFiles.containers))
        #expect(containers.count == 1 + snapshots.reduce(0) { $0 + $1.containers.count })
        let processes = try Self.rows(store.path(recording.id, RecordingFiles.processes))
        #expect(processes.count == 1 + snapshots.reduce(0) { $0 + $1.containers.reduce(0) { $0 + $1.processes.count } })
        #expect(try store.get(recording.id).snapshots == 2)

        // The archive holds the metadata and the three files, each in 512-byte blocks.
        let archive = try store.archive(recording.id)
        var tar = Data()
        try await archive.write { tar.append($0) }
        #expect(tar.count == archive.length)
        let name = archive.filename
        #expect(name == "node_a-\(recording.id.prefix(8)).tar")
        #expect(tar.count % 512 == 0)
        #expect(
            String(decoding: tar.prefix(100), as: UTF8.self).hasPrefix(
                "node_a-\(recording.id.prefix(8))/recording.json"
            )
        )
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func aRestartResumesARunningRecordingOrMarksItInterrupted() throws {
        let directory = try Self.directory()
        let store = try RecordingStore(directory: directory, budgetBytes: 1 << 30, nowMilliseconds: 0)
        let open = try store.start(name: "open", scope: RecordingScope(), durationSeconds: nil, nowMilliseconds: 0)
        let timed = try store.start(name: "timed", scope: RecordingScope(), durationSeconds: 60, nowMilliseconds: 0)
        let stopped = try store.start(name: "done", scope: RecordingScope(), durationSeconds: nil, nowMilliseconds: 0)
        _ = try store.stop(stopped.id, nowMilliseconds: 10)
        _ = Self.feed(store)

        let again = try RecordingStore(directory: directory, budgetBytes: 1 << 30, nowMilliseconds: 120_000)
        let resumed = try again.get(open.id)
        #expect(resumed.state == .running)
        #expect(resumed.resumedMilliseconds == [120_000])
        #expect(resumed.reason?.contains("resumed after a server restart") == true)
        let interrupted = try again.get(timed.id)
        #expect(interrupted.state == .interrupted)
        #expect(interrupted.stoppedMilliseconds != nil)
        #expect(try again.get(stopped.id).state == .stopped)
        // Nothing recorded before the restart was lost.
        #expect(try Self.rows(again.path(open.id, RecordingFiles.nodes)).count == 4)
        #expect(again.isRecording)
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func theBudgetStopsRecordingsAndRefusesNewOnes() throws {
        let directory = try Self.directory()
        let store = try RecordingStore(directory: directory, budgetBytes: 2_000, nowMilliseconds: 0)
        let recording = try store.start(
            name: "big",
            scope: RecordingScope(processes: true),
            durationSeconds: nil,
            nowMilliseconds: 0
        )
        _ = Self.feed(store)
        let failed = try store.get(recording.id)
        #expect(failed.state == .failed)
        #expect(failed.reason?.contains("disk budget is full") == true)
        #expect(failed.snapshots >= 1)
        #expect(!store.isRecording)
        #expect(throws: RecordingError.self) {
            try store.start(name: "more", scope: RecordingScope(), durationSeconds: nil, nowMilliseconds: 0)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func missedSnapshotsAreCountedOnTheRecordingsThatWantedThem() throws {
        let directory = try Self.directory()
        let store = try RecordingStore(directory: directory, budgetBytes: 1 << 30, nowMilliseconds: 0)
        let a = try store.start(
            name: "a",
            scope: RecordingScope(nodes: ["a"]),
            durationSeconds: nil,
            nowMilliseconds: 0
        )
        let all = try store.start(name: "all", scope: RecordingScope(), durationSeconds: nil, nowMilliseconds: 0)
        store.missed(node: "b")
        #expect(try store.get(a.id).missedSnapshots == 0)
        #expect(try store.get(all.id).missedSnapshots == 1)
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func aFileOf8GiBOrMoreHasItsSizeInBase256() {
        let header = TarArchive.header(name: "x", size: (1 << 33) + 5)
        #expect(header[124] == 0x80)
        #expect(Array(header[128..<136]) == [0, 0, 0, 2, 0, 0, 0, 5])
        let small = TarArchive.header(name: "x", size: 1_000)
        #expect(String(decoding: small[124..<135], as: UTF8.self) == "00000001750")
    }

    @Test func refusedRequestsSayWhy() throws {
        let directory = try Self.directory()
        let store = try RecordingStore(directory: directory, budgetBytes: 1 << 30, nowMilliseconds: 0)
        let cases: [(String, RecordingScope, Int?, String)] = [
            ("", RecordingScope(), nil, "name"),
            ("x\u{1B}", RecordingScope(), nil, "control"),
            ("x", RecordingScope(pods: ["no-slash"]), nil, "NAMESPACE/NAME"),
            ("x", RecordingScope(), 0, "duration_seconds"),
            ("x", RecordingScope(nodes: Array(repeating: "n", count: 300)), nil, "at most"),
        ]
        for (name, scope, duration, words) in cases {
            do {
                _ = try store.start(name: name, scope: scope, durationSeconds: duration, nowMilliseconds: 0)
                Issue.record("\(name) was accepted")
            } catch let error as RecordingError {
                #expect(error.message.contains(words), "\(error.message)")
            }
        }
        #expect(store.list().isEmpty)
        #expect(RecordingRows.text("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
        #expect(RecordingRows.text("-cmd") == "'-cmd")
        #expect(RecordingRows.text("nginx") == "nginx")
        #expect(RecordingValidation.fileName("../etc/passwd") == "_._etc_passwd")
        try? FileManager.default.removeItem(atPath: directory)
    }
}
