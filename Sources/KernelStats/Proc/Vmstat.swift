public import Telemetry

/// `/proc/vmstat`: every virtual-memory counter, as printed.
///
/// Example: `pgmajfault 1934`. Units vary by key: `nr_*` are pages, `pg*` are events; see
/// docs/metrics.md. Unknown keys are kept: the map is the file.
extension Vmstat: KernelFileParsable {
    public static let fileName = "/proc/vmstat"

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.init()
        self.values = try FlatKeyed.dictionary(bytes, file: Self.fileName)
        guard !self.values.isEmpty else { throw KernelStatsError(.empty, file: Self.fileName, detail: "no keys") }
    }
}
