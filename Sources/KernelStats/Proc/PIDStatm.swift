public import Telemetry

/// `/proc/PID/statm`: memory sizes in pages.
///
/// Example: `2333 1024 768 221 0 157 0` — size resident shared text lib data dt. `lib` and `dt` are
/// always 0 since Linux 2.6. Multiply by the page size (from `sysconf(_SC_PAGESIZE)`) for bytes.
extension PIDStatm: KernelFileParsable {
    public static let fileName = "/proc/[pid]/statm"

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.init()
        let values = try Fields.numbers(7, in: bytes, file: Self.fileName)
        self.size = values[0]
        self.resident = values[1]
        self.shared = values[2]
        self.text = values[3]
        self.lib = values[4]
        self.data = values[5]
        self.dirty = values[6]
    }
}
