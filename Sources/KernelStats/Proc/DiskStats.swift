public import Telemetry

/// `/proc/diskstats`: I/O counters of every block device, partitions included.
///
/// Example (20 fields, Linux 5.5+):
/// `254       0 vda 3068 2375 161714 610 1756 1131 412136 1656 0 400 2298 246 0 73776 24 181 6`
public struct DiskStats: KernelFileParsable, Hashable, Codable {
    public static let fileName = "/proc/diskstats"

    /// Devices in file order.
    public var devices: [DiskStat]

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.devices = []
        for (number, line) in Lines(bytes) {
            var fields = Fields(line)
            guard let majorText = fields.next() else { continue }
            guard let minorText = fields.next(), let name = fields.next() else {
                throw KernelStatsError(
                    .truncated,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "expected major minor name"
                )
            }
            var values: [UInt64] = []
            values.reserveCapacity(17)
            while let field = fields.next() {
                guard let value = field.asUInt64 else {
                    throw KernelStatsError(
                        .malformed,
                        file: Self.fileName,
                        line: number,
                        text: line,
                        detail: "counter is not a number"
                    )
                }
                values.append(value)
            }
            guard let major = majorText.asUInt64, let minor = minorText.asUInt64, major <= UInt32.max,
                minor <= UInt32.max
            else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "bad device number"
                )
            }
            guard values.count >= 11 else {
                throw KernelStatsError(
                    .truncated,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "need 14, 18 or 20 fields"
                )
            }
            func optional(_ index: Int) -> UInt64? { index < values.count ? values[index] : nil }
            var disk = DiskStat()
            (disk.major, disk.minor, disk.name) = (UInt32(major), UInt32(minor), name.string)
            (disk.readsCompleted, disk.readsMerged, disk.sectorsRead, disk.readTimeMs) = (
                values[0], values[1], values[2], values[3]
            )
            (disk.writesCompleted, disk.writesMerged, disk.sectorsWritten, disk.writeTimeMs) = (
                values[4], values[5], values[6], values[7]
            )
            (disk.ioInProgress, disk.ioTimeMs, disk.weightedIOTimeMs) = (values[8], values[9], values[10])
            (disk.discardsCompleted, disk.discardsMerged) = (optional(11), optional(12))
            (disk.sectorsDiscarded, disk.discardTimeMs) = (optional(13), optional(14))
            (disk.flushesCompleted, disk.flushTimeMs) = (optional(15), optional(16))
            self.devices.append(disk)
        }
        guard !bytes.isEmpty else { throw KernelStatsError(.empty, file: Self.fileName, detail: "no content") }
    }
}
