import Foundation
import NodeStore
import Synchronization

/// Every recording under `--recordings-dir`: one directory each (`recording.json` and the CSV files), started,
/// stopped, appended to and deleted here, within a disk budget. A recording that was running when the server
/// stopped resumes when it starts again, or, if its end passed meanwhile, is marked interrupted.
public final class RecordingStore: Sendable {
    public let directory: String
    public let budgetBytes: Int64
    static let maximumRecordings = 100

    struct Entry {
        var recording: Recording
        var lastWritten: [String: Int64] = [:]
        var savedAt: Int64 = 0
    }

    let entries = Mutex<[String: Entry]>([:])
    /// Whether any recording runs: checked on the ingest path for every snapshot.
    let running = Atomic<Bool>(false)

    public init(directory: String, budgetBytes: Int64, nowMilliseconds: Int64) throws {
        self.directory = directory
        self.budgetBytes = budgetBytes
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RecordingError.storage("cannot create the recordings directory \(directory): \(error)")
        }
        var loaded: [String: Entry] = [:]
        for id in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where Self.isID(id) {
            guard let data = FileManager.default.contents(atPath: self.path(id, RecordingFiles.metadata)),
                var recording = try? JSONDecoder().decode(Recording.self, from: data), recording.id == id
            else { continue }
            recording.bytes = self.size(id)
            if recording.state == .running {
                if let ends = recording.endsMilliseconds, ends <= nowMilliseconds {
                    recording.state = .interrupted
                    recording.stoppedMilliseconds = self.modified(id) ?? ends
                    recording.reason = "the server was down when the recording was due to end; rows end at the shutdown"
                } else {
                    recording.resumedMilliseconds.append(nowMilliseconds)
                    recording.reason = "resumed after a server restart: no rows while the server was down"
                }
            }
            loaded[id] = Entry(recording: recording)
            try? self.save(recording)
        }
        self.entries.withLock { $0 = loaded }
        self.running.store(loaded.values.contains { $0.recording.state == .running }, ordering: .relaxed)
    }

    public var isRecording: Bool { self.running.load(ordering: .relaxed) }

    public func list() -> [Recording] {
        self.entries.withLock { $0.values.map(\.recording) }.sorted {
            ($0.startedMilliseconds, $0.id) > ($1.startedMilliseconds, $1.id)
        }
    }

    public func get(_ id: String) throws -> Recording {
        guard let recording = self.entries.withLock({ $0[id]?.recording }) else {
            throw RecordingError.notFound("no recording \(id.prefix(64))")
        }
        return recording
    }

    public var usedBytes: Int64 { self.entries.withLock { $0.values.reduce(0) { $0 + $1.recording.bytes } } }

    public func start(
        name: String,
        scope: RecordingScope,
        durationSeconds: Int?,
        nowMilliseconds: Int64
    ) throws -> Recording {
        try RecordingValidation.check(name: name, scope: scope, durationSeconds: durationSeconds)
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let id = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
        let recording = Recording(
            id: id,
            name: name,
            scope: scope,
            state: .running,
            startedMilliseconds: nowMilliseconds,
            endsMilliseconds: durationSeconds.map { nowMilliseconds + Int64($0) * 1000 }
        )
        return try self.entries.withLock { entries in
            guard entries.count < Self.maximumRecordings else {
                throw RecordingError.invalid(
                    "this server keeps at most \(Self.maximumRecordings) recordings: delete old ones first"
                )
            }
            let used = entries.values.reduce(0) { $0 + $1.recording.bytes }
            guard used < self.budgetBytes else { throw self.budgetError(used) }
            do {
                try FileManager.default.createDirectory(atPath: self.path(id, ""), withIntermediateDirectories: true)
                try self.append(id, RecordingFiles.nodes, [RecordingFiles.nodeColumns])
                try self.append(id, RecordingFiles.containers, [RecordingFiles.containerColumns])
                if scope.processes { try self.append(id, RecordingFiles.processes, [RecordingFiles.processColumns]) }
                try self.save(recording)
            } catch {
                try? FileManager.default.removeItem(atPath: self.path(id, ""))
                throw RecordingError.storage("cannot create the recording's files: \(error)")
            }
            var entry = Entry(recording: recording)
            entry.recording.bytes = self.size(id)
            entries[id] = entry
            self.running.store(true, ordering: .relaxed)
            return entry.recording
        }
    }

    public func stop(_ id: String, nowMilliseconds: Int64) throws -> Recording {
        try self.entries.withLock { entries in
            guard var entry = entries[id] else { throw RecordingError.notFound("no recording \(id.prefix(64))") }
            if entry.recording.state == .running {
                entry.recording.state = .stopped
                entry.recording.stoppedMilliseconds = nowMilliseconds
                try? self.save(entry.recording)
                entries[id] = entry
            }
            self.running.store(entries.values.contains { $0.recording.state == .running }, ordering: .relaxed)
            return entry.recording
        }
    }

    public func delete(_ id: String) throws {
        try self.entries.withLock { entries in
            guard entries.removeValue(forKey: id) != nil else {
                throw RecordingError.notFound("no recording \(id.prefix(64))")
            }
            try? FileManager.default.removeItem(atPath: self.path(id, ""))
            self.running.store(entries.values.contains { $0.recording.state == .running }, ordering: .relaxed)
        }
    }

    /// The recording's files as one tar archive: `<name>-<id>/recording.json`, `nodes.csv`, `containers.csv`,
    /// `processes.csv`, at their lengths now.
    public func archive(_ id: String) throws -> TarArchive {
        let recording = try self.get(id)
        let folder = RecordingValidation.fileName(recording.name) + "-" + String(id.prefix(8))
        var entries: [TarArchive.Entry] = []
        for file in [
            RecordingFiles.metadata, RecordingFiles.nodes, RecordingFiles.containers, RecordingFiles.processes,
        ] {
            let path = self.path(id, file)
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber {
                entries.append(.init(name: folder + "/" + file, path: path, size: size.intValue))
            }
        }
        return TarArchive(filename: folder + ".tar", entries: entries)
    }

    func budgetError(_ used: Int64) -> RecordingError {
        .budgetFull(
            "the recordings disk budget is full (\(used) of \(self.budgetBytes) bytes, --recordings-budget): "
                + "delete recordings to make room"
        )
    }

    func path(_ id: String, _ file: String) -> String { self.directory + "/" + id + (file.isEmpty ? "" : "/" + file) }

    static func isID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
