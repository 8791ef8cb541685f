/// `/proc/PID/schedstat`: scheduler statistics of the process's main thread.
///
/// Example: `180496666 4299217 353` — time on CPU (ns), time waiting on a run queue (ns), and the number
/// of times it was scheduled. It is cheap to generate (three numbers, no locks beyond the task's), so
/// the agent reads it every pass to learn whether the thread ran at all. Absent without CONFIG_SCHED_INFO.
public struct PIDSchedstat: KernelFileParsable, Hashable, Codable {
    public static let fileName = "/proc/[pid]/schedstat"

    public var runNanoseconds: UInt64
    public var waitNanoseconds: UInt64
    public var timeslices: UInt64

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        var fields = Fields(bytes.trimmed)
        guard let run = fields.next(), let wait = fields.next(), let slices = fields.next() else {
            throw KernelStatsError(
                bytes.isEmpty ? .empty : .truncated,
                file: Self.fileName,
                line: 1,
                text: bytes,
                detail: "expected 3 numbers"
            )
        }
        guard let runValue = run.asUInt64, let waitValue = wait.asUInt64, let slicesValue = slices.asUInt64 else {
            throw KernelStatsError(.malformed, file: Self.fileName, line: 1, text: bytes, detail: "expected numbers")
        }
        self.runNanoseconds = runValue
        self.waitNanoseconds = waitValue
        self.timeslices = slicesValue
    }
}
