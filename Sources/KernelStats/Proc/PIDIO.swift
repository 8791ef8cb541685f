public import Telemetry

/// `/proc/PID/io`: one process's I/O counters (needs ptrace-read access; unreadable → absent).
///
/// Example:
/// ```
/// rchar: 323934931
/// wchar: 323929600
/// syscr: 632687
/// syscw: 632675
/// read_bytes: 0
/// write_bytes: 323932160
/// cancelled_write_bytes: 0
/// ```
/// Units: bytes, except `syscr`/`syscw` (system calls). `read_bytes`/`write_bytes` reach the block layer;
/// `rchar`/`wchar` include the page cache and pipes.
extension PIDIO: KernelFileParsable {
    public static let fileName = "/proc/[pid]/io"

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.init()
        var values = [UInt64?](repeating: nil, count: 7)
        for (number, line) in Lines(bytes) {
            guard let colon = line.firstIndex(of: ASCII.colon) else {
                if line.trimmed.isEmpty { continue }
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "expected `key: value`"
                )
            }
            let key = line[line.startIndex..<colon]
            let slot: Int
            if key.equals("rchar") {
                slot = 0
            } else if key.equals("wchar") {
                slot = 1
            } else if key.equals("syscr") {
                slot = 2
            } else if key.equals("syscw") {
                slot = 3
            } else if key.equals("read_bytes") {
                slot = 4
            } else if key.equals("write_bytes") {
                slot = 5
            } else if key.equals("cancelled_write_bytes") {
                slot = 6
            } else {
                continue
            }
            guard let value = line[(colon + 1)...].trimmed.asUInt64 else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "value is not a number"
                )
            }
            values[slot] = value
        }
        guard let rchar = values[0], let wchar = values[1], let syscr = values[2], let syscw = values[3],
            let readBytes = values[4], let writeBytes = values[5], let cancelled = values[6]
        else {
            throw KernelStatsError(bytes.isEmpty ? .empty : .truncated, file: Self.fileName, detail: "missing keys")
        }
        self.rchar = rchar
        self.wchar = wchar
        self.syscr = syscr
        self.syscw = syscw
        self.readBytes = readBytes
        self.writeBytes = writeBytes
        self.cancelledWriteBytes = cancelled
    }
}
