import Foundation

/// One perf session: `perf record` on a set of PIDs for a duration (timer sampling, call graphs), then
/// `perf script` into a file. Cancelling the task stops perf early (SIGINT, so it still writes its data);
/// a watchdog kills it if it overruns. Errors are sentences a user can act on.
struct PerfRun {
    let perfPath: String
    let pids: [Int32]
    let duration: Int
    let frequency: Int
    let directory: String
    let watchdogGrace: Duration
    let maximumRecordBytes: Int
    let maximumScriptBytes: Int

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Records, then writes `perf script` output; returns its path, and whether perf's output was cut at a cap.
    func run() async throws(Failure) -> (script: String, truncated: Bool) {
        let data = self.directory + "/perf.data"
        let record = try await self.perf(
            [
                "record", "-e", "cpu-clock", "-F", String(self.frequency), "-g", "-o", data,
                "--max-size=\(max(1, self.maximumRecordBytes >> 10))K", "-p",
                self.pids.map(String.init).joined(separator: ","), "--", "/bin/sleep", String(self.duration),
            ],
            stdout: self.directory + "/record.out",
            deadline: .seconds(self.duration) + self.watchdogGrace,
            fileSizeLimit: self.maximumRecordBytes + (1 << 20)
        )
        if Task.isCancelled { throw Failure(description: "cancelled") }
        guard record.status == 0 else { throw Failure(description: Self.explain(record.errors, self.perfPath)) }
        let script = self.directory + "/script.txt"
        let output = try await self.perf(
            ["script", "-i", data, "-F", "comm,pid,tid,ip,sym,dso"],
            stdout: script,
            deadline: .seconds(120),
            fileSizeLimit: self.maximumScriptBytes
        )
        // Stopped at its file size limit (SIGXFSZ): what it wrote so far is folded, marked truncated.
        let cut = output.status == 128 + SIGXFSZ
        guard output.status == 0 || cut else {
            throw Failure(description: "perf script failed: \(Self.lastLine(output.errors))")
        }
        return (script, cut || Self.recordCut(record.errors))
    }

    /// perf record says so when `--max-size` stopped it.
    static func recordCut(_ errors: String) -> Bool {
        errors.contains("max size") || errors.contains("max-size")
    }

    /// Runs perf with stdout to a file and stderr captured; SIGINT on task cancellation, SIGKILL past `deadline`.
    private func perf(
        _ arguments: [String],
        stdout: String,
        deadline: Duration,
        fileSizeLimit: Int
    ) async throws(Failure) -> (status: Int32, errors: String) {
        let errorsPath = stdout + ".err"
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(
                path: self.perfPath,
                arguments: arguments,
                stdout: stdout,
                stderr: errorsPath,
                fileSizeLimit: fileSizeLimit,
                deadline: deadline
            )
        } catch {
            if error.errno == ENOENT || !FileManager.default.isExecutableFile(atPath: self.perfPath) {
                throw Failure(description: "perf is not installed on this node (no executable at \(self.perfPath))")
            }
            throw Failure(description: "cannot start perf: errno \(error.errno)")
        }
        if outcome.killed {
            throw Failure(description: "perf ran past its deadline and was killed")
        }
        let text = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        return (outcome.status, text)
    }

    /// perf's stderr turned into the reason a user needs.
    static func explain(_ errors: String, _ perfPath: String) -> String {
        let lower = errors.lowercased()
        if lower.contains("perf_event_paranoid") || lower.contains("permission denied")
            || lower.contains("access to performance monitoring")
        {
            let paranoid =
                (try? String(contentsOfFile: "/proc/sys/kernel/perf_event_paranoid", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            return "no permission to profile (kernel.perf_event_paranoid is \(paranoid)); the agent needs "
                + "CAP_PERFMON and CAP_SYS_PTRACE (Helm: profiling.enabled=true) or root"
        }
        if lower.contains("no such process") || lower.contains("couldn't find") || lower.contains("not found") {
            return Self.processesGone
        }
        return "perf record failed: \(Self.lastLine(errors))"
    }

    static let processesGone = "the pod's processes ended before perf could attach"

    static func lastLine(_ text: String) -> String {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        return String((lines.last ?? "no message").prefix(300))
    }
}
