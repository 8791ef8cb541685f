import Foundation
public import NodeStore
import Synchronization
import Telemetry

extension RecordingStore {
    /// Appends `state`'s rows to every running recording whose scope takes its node; ends recordings whose time
    /// is up and stops every recording when the budget is reached.
    public func record(_ state: NodeState, nowMilliseconds: Int64) {
        self.entries.withLock { entries in
            for (id, var entry) in entries where entry.recording.state == .running {
                defer { entries[id] = entry }
                if let ends = entry.recording.endsMilliseconds, ends <= nowMilliseconds {
                    self.finish(&entry, .stopped, at: ends, reason: nil)
                    continue
                }
                let scope = entry.recording.scope
                let time = state.snapshot.wallTimeMilliseconds
                guard scope.takes(node: state.name), entry.lastWritten[state.name] != time else { continue }
                let used = entries.values.reduce(0) { $0 + $1.recording.bytes }
                guard used < self.budgetBytes else {
                    self.finish(&entry, .failed, at: nowMilliseconds, reason: self.budgetError(used).message)
                    continue
                }
                let rows = RecordingRows(state, scope: scope)
                do {
                    try self.append(id, RecordingFiles.nodes, rows.nodes)
                    try self.append(id, RecordingFiles.containers, rows.containers)
                    if scope.processes { try self.append(id, RecordingFiles.processes, rows.processes) }
                } catch {
                    self.finish(&entry, .failed, at: nowMilliseconds, reason: "writing the recording failed: \(error)")
                    continue
                }
                entry.lastWritten[state.name] = time
                entry.recording.snapshots += 1
                entry.recording.bytes = self.size(id)
                // The counts on disk are refreshed every 10 s (a restart loses at most that much of them, no rows).
                if nowMilliseconds - entry.savedAt >= 10_000 {
                    try? self.save(entry.recording)
                    entry.savedAt = nowMilliseconds
                }
            }
            self.running.store(entries.values.contains { $0.recording.state == .running }, ordering: .relaxed)
        }
    }

    /// Ends recordings whose duration is over even when no snapshot arrives; saves counts (at shutdown too).
    public func tick(nowMilliseconds: Int64) {
        self.entries.withLock { entries in
            for (id, var entry) in entries where entry.recording.state == .running {
                if let ends = entry.recording.endsMilliseconds, ends <= nowMilliseconds {
                    self.finish(&entry, .stopped, at: ends, reason: nil)
                    entries[id] = entry
                }
            }
            self.running.store(entries.values.contains { $0.recording.state == .running }, ordering: .relaxed)
        }
    }

    /// A snapshot of `node` could not be queued for the recordings: counted on each running recording that takes it.
    public func missed(node: String) {
        self.entries.withLock { entries in
            for (id, entry) in entries
            where entry.recording.state == .running && entry.recording.scope.takes(node: node) {
                entries[id]?.recording.missedSnapshots += 1
            }
        }
    }

    public func saveAll() {
        self.entries.withLock { entries in
            for entry in entries.values { try? self.save(entry.recording) }
        }
    }

    func finish(_ entry: inout Entry, _ state: Recording.State, at milliseconds: Int64, reason: String?) {
        entry.recording.state = state
        entry.recording.stoppedMilliseconds = milliseconds
        entry.recording.reason = reason
        try? self.save(entry.recording)
    }

    func append(_ id: String, _ file: String, _ rows: [[String]]) throws {
        let data = try CSVBlock.encode(rows)
        guard !data.isEmpty else { return }
        let path = self.path(id, file)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw RecordingError.storage("cannot create \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw RecordingError.storage("cannot open \(path)")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }

    func save(_ recording: Recording) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(recording).write(
            to: URL(fileURLWithPath: self.path(recording.id, RecordingFiles.metadata)),
            options: .atomic
        )
    }

    func size(_ id: String) -> Int64 {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: self.path(id, ""))) ?? []
        return files.reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: self.path(id, file)))?[.size] as? NSNumber
            return total + (size?.int64Value ?? 0)
        }
    }

    func modified(_ id: String) -> Int64? {
        let date =
            (try? FileManager.default.attributesOfItem(atPath: self.path(id, RecordingFiles.containers)))?[
                .modificationDate
            ] as? Date
        return date.map { Int64($0.timeIntervalSince1970 * 1000) }
    }
}
