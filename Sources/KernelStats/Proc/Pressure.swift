public import Telemetry

/// `/proc/pressure/{cpu,memory,io}` and the cgroup-v2 `*.pressure` files (PSI, Linux 4.20+).
///
/// Example:
/// ```
/// some avg10=0.06 avg60=0.21 avg300=0.99 total=8537362
/// full avg10=0.00 avg60=0.00 avg300=0.00 total=0
/// ```
/// `full` is absent for the CPU file on kernels before 5.13; a kernel without PSI has no file at all
/// (the reader returns nil, not zeros).
extension Pressure: KernelFileParsable {
    public static let fileName = "pressure file"

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.init()
        for (number, line) in Lines(bytes) {
            var fields = Fields(line)
            guard let kind = fields.next() else { continue }
            let isSome = kind.equals("some")
            guard isSome || kind.equals("full") else { continue }  // unknown prefixes: forward compatibility
            var values: (Double?, Double?, Double?, UInt64?) = (nil, nil, nil, nil)
            while let field = fields.next() {
                guard let equals = field.firstIndex(of: ASCII.equals) else {
                    throw KernelStatsError(
                        .malformed,
                        file: Self.fileName,
                        line: number,
                        text: line,
                        detail: "expected key=value"
                    )
                }
                let key = field[field.startIndex..<equals]
                let value = field[(equals + 1)...]
                if key.equals("avg10") {
                    values.0 = value.asDouble
                } else if key.equals("avg60") {
                    values.1 = value.asDouble
                } else if key.equals("avg300") {
                    values.2 = value.asDouble
                } else if key.equals("total") {
                    values.3 = value.asUInt64
                }
            }
            guard let avg10 = values.0, let avg60 = values.1, let avg300 = values.2, let total = values.3 else {
                throw KernelStatsError(
                    .truncated,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "need avg10 avg60 avg300 total"
                )
            }
            let parsed = PressureLine(avg10: avg10, avg60: avg60, avg300: avg300, totalMicroseconds: total)
            if isSome { self.some = parsed } else { self.full = parsed }
        }
        guard self.some != nil || self.full != nil else {
            throw KernelStatsError(
                bytes.isEmpty ? .empty : .malformed,
                file: Self.fileName,
                detail: "no some/full line"
            )
        }
    }
}
