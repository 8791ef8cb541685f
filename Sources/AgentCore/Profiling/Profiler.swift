import Foundation
public import Logging
import Synchronization
public import Telemetry
public import Wire

/// Runs the server's profile commands: validates each, profiles every process of the pod with perf, folds the
/// stacks (a root frame per container and per process) and queues the result in chunks for the server.
/// At most ``ProfilingConfiguration/maximumConcurrent`` at once and one per pod; cancellable.
public actor Profiler {
    let configuration: ProfilingConfiguration
    let logger: Logger
    let latest: @Sendable () -> Snapshot?
    /// Where results go unless a command came with its own (``handle(_:replyTo:)``).
    let outbox: CommandOutbox
    /// Per command: the outbox of the server connection it came over (with several server replicas each
    /// command's results go back to the replica that asked), until its final result.
    private let routes = Mutex<[String: CommandOutbox]>([:])
    private var running: [String: (pod: String, task: Task<Void, Never>)] = [:]

    /// - Parameter latest: the newest snapshot (which processes the pod has, and their names).
    public init(
        configuration: ProfilingConfiguration,
        logger: Logger,
        outbox: CommandOutbox,
        latest: @escaping @Sendable () -> Snapshot?
    ) {
        self.configuration = configuration
        self.logger = logger
        self.outbox = outbox
        self.latest = latest
    }

    /// Handles a command whose results go to `outbox` (its server replica's connection).
    public func handle(_ command: Podwatch_V1_Command, replyTo outbox: CommandOutbox) {
        // A cancel has no results of its own (the profile it cancels answers on its route).
        if case .cancel = command.request {
        } else {
            self.routes.withLock { $0[command.id] = outbox }
        }
        self.handle(command)
    }

    public func handle(_ command: Podwatch_V1_Command) {
        switch command.request {
        case .cancel(let cancel):
            self.running[cancel.commandID]?.task.cancel()
        case .profile(let request):
            self.start(id: command.id, request)
        case nil:
            self.reply(command.id, .failed, error: "this agent does not know that command (update the agent)")
        }
    }

    private func start(id: String, _ request: Podwatch_V1_ProfileRequest) {
        guard self.configuration.enabled else {
            return self.reply(id, .failed, error: "profiling is disabled on this agent (--no-profiling)")
        }
        let durations = 1...self.configuration.maximumDurationSeconds
        let frequencies = 1...self.configuration.maximumFrequencyHz
        guard durations.contains(Int(request.durationSeconds)), frequencies.contains(Int(request.frequencyHz)) else {
            return self.reply(
                id,
                .failed,
                error: "this agent profiles for 1–\(durations.upperBound) s at 1–\(frequencies.upperBound) Hz "
                    + "(asked: \(request.durationSeconds) s at \(request.frequencyHz) Hz)"
            )
        }
        let needed = UInt64(self.configuration.maximumRecordBytes + self.configuration.maximumScriptBytes)
        if let free = Self.freeBytes(NSTemporaryDirectory()), free < needed {
            return self.reply(
                id,
                .failed,
                error: "not enough free space for perf's files in \(NSTemporaryDirectory()): "
                    + "\(free >> 20) MiB free, \(needed >> 20) MiB needed"
            )
        }
        guard self.running[id] == nil else { return }
        guard !self.running.values.contains(where: { $0.pod == request.podUid }) else {
            return self.reply(id, .failed, error: "a profile of this pod is already running")
        }
        guard self.running.count < self.configuration.maximumConcurrent else {
            return self.reply(
                id,
                .failed,
                error: "\(self.running.count) profiles are already running on this node (the limit)"
            )
        }
        guard let snapshot = self.latest() else {
            return self.reply(id, .failed, error: "the agent has not sampled yet; try again in a few seconds")
        }
        let targets = ProfileTargets(snapshot: snapshot, podUID: request.podUid)
        guard !targets.pids.isEmpty else {
            return self.reply(id, .failed, error: "no running process of pod \(request.podUid) on this node")
        }
        self.reply(id, .running)
        self.logger.info(
            "Profiling a pod",
            metadata: [
                "command.id": "\(id)", "pod.uid": "\(request.podUid)", "processes": "\(targets.pids.count)",
                "duration": "\(request.durationSeconds)s", "frequency": "\(request.frequencyHz)Hz",
            ]
        )
        let task = Task {
            await self.run(id: id, request, targets)
            self.finished(id)
        }
        self.running[id] = (request.podUid, task)
    }

    /// Bytes an unprivileged process may still write under `path`; nil when it cannot be told.
    static func freeBytes(_ path: String) -> UInt64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return UInt64(stats.f_bavail).multipliedSaturating(by: UInt64(stats.f_frsize))
    }

    private func finished(_ id: String) {
        self.running[id] = nil
    }

    private nonisolated func run(id: String, _ request: Podwatch_V1_ProfileRequest, _ targets: ProfileTargets) async {
        let safeID = String(id.filter(\.isHexDigit).prefix(64))
        let directory = NSTemporaryDirectory() + "podwatch-profile-" + (safeID.isEmpty ? UUID().uuidString : safeID)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let (script, cut) = try await self.record(request, targets, directory: directory)
            var folder = StackFolder(roots: targets.roots)
            guard let handle = FileHandle(forReadingAtPath: script) else {
                throw PerfRun.Failure(description: "perf script wrote nothing")
            }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { folder.push(chunk) }
            folder.finish()
            let (text, truncated) = folder.folded(limit: self.configuration.maximumOutputBytes)
            self.sendDone(id, Array(text.utf8), samples: folder.samples, truncated: truncated || cut)
            self.logger.info("Profile done", metadata: ["command.id": "\(id)", "samples": "\(folder.samples)"])
        } catch {
            let reason = Task.isCancelled ? "cancelled" : "\(error)"
            self.logger.warning("Profile failed", metadata: ["command.id": "\(id)", "reason": "\(reason)"])
            self.send(id, .failed, error: reason)
        }
    }

    /// perf refuses the whole PID list when one of them has exited (a pod's short-lived children come and go
    /// between a snapshot and the request): start again with the processes still alive, a few times.
    private nonisolated func record(
        _ request: Podwatch_V1_ProfileRequest,
        _ targets: ProfileTargets,
        directory: String
    ) async throws(PerfRun.Failure) -> (script: String, truncated: Bool) {
        var attempt = 0
        while true {
            attempt += 1
            let alive = targets.pids.filter { kill($0, 0) == 0 }
            guard !alive.isEmpty else { throw PerfRun.Failure(description: PerfRun.processesGone) }
            let perf = PerfRun(
                perfPath: self.configuration.perfPath,
                pids: alive,
                duration: Int(request.durationSeconds),
                frequency: Int(request.frequencyHz),
                directory: directory,
                watchdogGrace: self.configuration.watchdogGrace,
                maximumRecordBytes: self.configuration.maximumRecordBytes,
                maximumScriptBytes: self.configuration.maximumScriptBytes
            )
            do {
                return try await perf.run()
            } catch  where error.description == PerfRun.processesGone && attempt < 3 {
                continue
            }
        }
    }

    private nonisolated func sendDone(_ id: String, _ bytes: [UInt8], samples: UInt64, truncated: Bool) {
        let size = max(1, self.configuration.chunkBytes)
        var offset = 0
        repeat {
            let end = min(bytes.count, offset + size)
            var result = Podwatch_V1_CommandResult()
            result.id = id
            result.state = .done
            result.data = Data(bytes[offset..<end])
            result.samples = samples
            result.truncated = truncated
            self.result(
                id,
                WireMessage.commandResult(result, final: end == bytes.count).frame(),
                final: end == bytes.count
            )
            offset = end
        } while offset < bytes.count
    }

    private func reply(_ id: String, _ state: Podwatch_V1_CommandResult.State, error: String = "") {
        self.send(id, state, error: error)
    }

    private nonisolated func send(_ id: String, _ state: Podwatch_V1_CommandResult.State, error: String = "") {
        var result = Podwatch_V1_CommandResult()
        result.id = id
        result.state = state
        result.error = error
        self.result(id, WireMessage.commandResult(result, final: state != .running).frame(), final: state != .running)
    }

    /// Queues a result for the connection its command came over; the final one ends the route.
    private nonisolated func result(_ id: String, _ frame: Frame, final: Bool) {
        let outbox = self.routes.withLock { routes in
            defer { if final { routes[id] = nil } }
            return routes[id]
        }
        (outbox ?? self.outbox).put(frame)
    }
}
