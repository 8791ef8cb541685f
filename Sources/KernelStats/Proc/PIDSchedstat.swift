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
        let values = try Fields.numbers(3, in: bytes, file: Self.fileName)
        self.runNanoseconds = values[0]
        self.waitNanoseconds = values[1]
        self.timeslices = values[2]
    }
}
