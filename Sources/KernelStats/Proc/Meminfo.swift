/// `/proc/meminfo`: every key the kernel prints, in bytes.
///
/// Example: `MemAvailable:   19893744 kB` (kB = KiB) or `HugePages_Total:       0` (a count).
/// Values with a `kB` unit are stored in bytes; unit-less values (HugePages_*) are stored as printed.
/// A key the kernel does not print is absent — never 0.
public struct Meminfo: KernelFileParsable, Hashable, Codable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {
        self.init(values: [:])
    }

    public static let fileName = "/proc/meminfo"

    /// Every key as printed (`MemTotal`, `Active(file)`, …) → bytes, or the count for unit-less keys.
    public var values: [String: UInt64]

    public init(values: [String: UInt64]) {
        self.values = values
    }

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
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

    /// `MemTotal` in bytes.
    public var memTotal: UInt64? { self.values["MemTotal"] }
    /// `MemFree` in bytes.
    public var memFree: UInt64? { self.values["MemFree"] }
    /// `MemAvailable` in bytes (absent before Linux 3.14).
    public var memAvailable: UInt64? { self.values["MemAvailable"] }
    /// `Buffers` in bytes.
    public var buffers: UInt64? { self.values["Buffers"] }
    /// `Cached` in bytes.
    public var cached: UInt64? { self.values["Cached"] }
    /// `SwapTotal` in bytes.
    public var swapTotal: UInt64? { self.values["SwapTotal"] }
    /// `SwapFree` in bytes.
    public var swapFree: UInt64? { self.values["SwapFree"] }
}
