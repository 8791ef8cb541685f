public import Telemetry

/// `/proc/meminfo`: every key the kernel prints, in bytes.
///
/// Example: `MemAvailable:   19893744 kB` (kB = KiB) or `HugePages_Total:       0` (a count).
/// Values with a `kB` unit are stored in bytes; unit-less values (HugePages_*) are stored as printed.
/// A key the kernel does not print is absent — never 0.
extension Meminfo: KernelFileParsable {
    public static let fileName = "/proc/meminfo"

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.init()
        self.values = [:]
        for (number, line) in Lines(bytes) {
            guard !line.trimmed.isEmpty else { continue }
            guard let colon = line.firstIndex(of: ASCII.colon) else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "expected `Key: value`"
                )
            }
            var fields = Fields(line[(colon + 1)...])
            guard let valueText = fields.next() else {
                throw KernelStatsError(
                    .truncated,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "missing value"
                )
            }
            guard let value = valueText.asUInt64 else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "value is not a number"
                )
            }
            let unit = fields.next()
            let scaled: UInt64
            if let unit {
                guard unit.equals("kB") else {
                    throw KernelStatsError(
                        .malformed,
                        file: Self.fileName,
                        line: number,
                        text: line,
                        detail: "unknown unit"
                    )
                }
                let (product, overflow) = value.multipliedReportingOverflow(by: 1024)
                guard !overflow else {
                    throw KernelStatsError(
                        .malformed,
                        file: Self.fileName,
                        line: number,
                        text: line,
                        detail: "value overflows"
                    )
                }
                scaled = product
            } else {
                scaled = value
            }
            self.values[line[line.startIndex..<colon].string] = scaled
        }
        guard !self.values.isEmpty else { throw KernelStatsError(.empty, file: Self.fileName, detail: "no keys") }
    }

}
