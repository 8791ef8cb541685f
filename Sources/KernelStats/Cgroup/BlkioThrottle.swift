/// cgroup v1 `blkio.throttle.io_service_bytes` or `blkio.throttle.io_serviced`: per-device counters by
/// operation type.
///
/// Example:
/// ```
/// 8:0 Read 90112
/// 8:0 Write 4096
/// 8:0 Sync 94208
/// 8:0 Async 0
/// 8:0 Discard 0
/// 8:0 Total 94208
/// Total 94208
/// ```
/// Units: bytes (`io_service_bytes`) or operations (`io_serviced`). Sync/Async/Total lines overlap
/// Read/Write and are not added again.
public struct BlkioThrottle: KernelFileParsable, Hashable, Codable {
    public static let fileName = "blkio.throttle file"

    /// Per device: (read, write, discard).
    public var devices: [DeviceIO]

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        var order: [UInt64] = []
        var byDevice: [UInt64: DeviceIO] = [:]
        for (number, line) in Lines(bytes) {
            var fields = Fields(line)
            guard let first = fields.next() else { continue }
            if first.equals("Total") { continue }
            guard let operation = fields.next(), let valueText = fields.next() else {
                throw KernelStatsError(
                    .truncated,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "expected `maj:min Op value`"
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
            let parsed = try IOStat.device(first, line: line, number: number, file: Self.fileName)
            let key = UInt64(parsed.major) << 32 | UInt64(parsed.minor)
            if byDevice[key] == nil {
                order.append(key)
                byDevice[key] = parsed
            }
            if operation.equals("Read") {
                byDevice[key]?.readBytes = value
            } else if operation.equals("Write") {
                byDevice[key]?.writeBytes = value
            } else if operation.equals("Discard") {
                byDevice[key]?.discardBytes = value
            }
        }
        self.devices = order.compactMap { byDevice[$0] }
    }
}
