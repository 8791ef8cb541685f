/// `/proc/PID/statm`: memory sizes in pages.
///
/// Example: `2333 1024 768 221 0 157 0` — size resident shared text lib data dt. `lib` and `dt` are
/// always 0 since Linux 2.6. Multiply by the page size (from `sysconf(_SC_PAGESIZE)`) for bytes.
public struct PIDStatm: KernelFileParsable, Hashable, Codable {
    public static let fileName = "/proc/[pid]/statm"

    public var size: UInt64
    public var resident: UInt64
    public var shared: UInt64
    public var text: UInt64
    public var lib: UInt64
    public var data: UInt64
    public var dirty: UInt64

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        var fields = Fields(bytes.trimmed)
        var values = [UInt64](repeating: 0, count: 7)
        for index in 0..<7 {
            guard let field = fields.next() else {
                throw KernelStatsError(
                    bytes.isEmpty ? .empty : .truncated,
                    file: Self.fileName,
                    line: 1,
                    text: bytes,
                    detail: "expected 7 fields"
                )
            }
            guard let value = field.asUInt64 else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: 1,
                    text: bytes,
                    detail: "field is not a number"
                )
            }
            values[index] = value
        }
        self.size = values[0]
        self.resident = values[1]
        self.shared = values[2]
        self.text = values[3]
        self.lib = values[4]
        self.data = values[5]
        self.dirty = values[6]
    }
}
