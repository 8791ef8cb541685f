public import Telemetry

/// `/proc/loadavg`: run-queue averages and task counts.
///
/// Example: `0.30 0.09 0.03 2/166 1234` — 1, 5 and 15 minute averages, runnable/total scheduling
/// entities, last PID allocated.
extension LoadAvg: KernelFileParsable {
    public static let fileName = "/proc/loadavg"

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.init()
        var lines = Lines(bytes)
        guard let (number, line) = lines.next(), !line.trimmed.isEmpty else {
            throw KernelStatsError(.empty, file: Self.fileName, detail: "expected one line")
        }
        var fields = Fields(line)
        let parts = (fields.next(), fields.next(), fields.next(), fields.next(), fields.next())
        guard let a = parts.0, let b = parts.1, let c = parts.2, let d = parts.3, let e = parts.4 else {
            throw KernelStatsError(
                .truncated,
                file: Self.fileName,
                line: number,
                text: line,
                detail: "expected 5 fields"
            )
        }
        guard let slash = d.firstIndex(of: ASCII.slash) else {
            throw KernelStatsError(
                .malformed,
                file: Self.fileName,
                line: number,
                text: line,
                detail: "expected running/total"
            )
        }
        guard let load1 = a.asDouble, let load5 = b.asDouble, let load15 = c.asDouble,
            let runnable = d[d.startIndex..<slash].asUInt64, let entities = d[(slash + 1)...].asUInt64,
            let lastPID = e.asUInt64
        else {
            throw KernelStatsError(
                .malformed,
                file: Self.fileName,
                line: number,
                text: line,
                detail: "non-numeric field"
            )
        }
        self.load1 = load1
        self.load5 = load5
        self.load15 = load15
        self.runnable = runnable
        self.entities = entities
        self.lastPID = lastPID
    }
}
