public import Telemetry

/// `/proc/stat`: CPU time per state for the node and each CPU, plus scheduler counters.
///
/// Example:
/// ```
/// cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0
/// cpu0 1393280 32966 572056 13343292 6130 0 17875 0 23933 0
/// intr 1462898 0 9 0 0 …
/// ctxt 115315133
/// btime 1730000000
/// processes 172532
/// procs_running 2
/// procs_blocked 0
/// softirq 5057579 250191 1481983 1647 211099 186066 0 1783454 622196 12778 508083
/// ```
/// Units: CPU fields in USER_HZ ticks (normally 1/100 s); `btime` in seconds since the epoch.
extension ProcStat: KernelFileParsable {
    public static let fileName = "/proc/stat"

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.init()
        var total: CPUTimes?
        self.perCPU = [:]
        for (number, line) in Lines(bytes) {
            var fields = Fields(line)
            guard let key = fields.next() else { continue }
            if key.hasPrefix("cpu") {
                let times = try Self.parseCPU(&fields, line: line, number: number)
                if key.count == 3 {
                    total = times
                } else if let index = key.dropFirst(3).asUInt64 {
                    self.perCPU[Int(index)] = times
                } else {
                    throw KernelStatsError(
                        .malformed,
                        file: Self.fileName,
                        line: number,
                        text: line,
                        detail: "bad CPU name"
                    )
                }
                continue
            }
            let value = fields.nextUInt64()
            if key.equals("ctxt") {
                self.contextSwitches = try Self.require(value, line, number)
            } else if key.equals("intr") {
                self.interrupts = try Self.require(value, line, number)
            } else if key.equals("softirq") {
                self.softirqs = try Self.require(value, line, number)
            } else if key.equals("btime") {
                self.bootTime = try Self.require(value, line, number)
            } else if key.equals("processes") {
                self.processesCreated = try Self.require(value, line, number)
            } else if key.equals("procs_running") {
                self.processesRunning = try Self.require(value, line, number)
            } else if key.equals("procs_blocked") {
                self.processesBlocked = try Self.require(value, line, number)
            }
            // Other lines (`page`, `swap` on old kernels) are skipped: forward compatibility.
        }
        guard let total else {
            throw KernelStatsError(bytes.isEmpty ? .empty : .truncated, file: Self.fileName, detail: "no `cpu` line")
        }
        self.total = total
    }

    private static func require(
        _ value: UInt64?,
        _ line: KernelBytes,
        _ number: Int
    ) throws(KernelStatsError) -> UInt64 {
        guard let value else {
            throw KernelStatsError(
                .malformed,
                file: Self.fileName,
                line: number,
                text: line,
                detail: "expected a number"
            )
        }
        return value
    }

    private static func parseCPU(
        _ fields: inout Fields,
        line: KernelBytes,
        number: Int
    ) throws(KernelStatsError) -> CPUTimes {
        var values: [UInt64] = []
        values.reserveCapacity(10)
        while let field = fields.next() {
            guard let value = field.asUInt64 else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "non-numeric CPU time"
                )
            }
            values.append(value)
        }
        guard values.count >= 4 else {
            throw KernelStatsError(
                .truncated,
                file: Self.fileName,
                line: number,
                text: line,
                detail: "need at least 4 CPU times"
            )
        }
        func at(_ index: Int) -> UInt64? { index < values.count ? values[index] : nil }
        return CPUTimes(
            user: values[0],
            nice: values[1],
            system: values[2],
            idle: values[3],
            iowait: at(4),
            irq: at(5),
            softirq: at(6),
            steal: at(7),
            guest: at(8),
            guestNice: at(9)
        )
    }
}
