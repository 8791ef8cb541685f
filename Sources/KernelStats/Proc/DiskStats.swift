/// One block device's line of `/proc/diskstats`.
///
/// Sectors are always 512 bytes in this file, whatever the device's own sector size. Times are
/// milliseconds. Discard fields exist from Linux 4.18 (18-field lines), flush fields from 5.5 (20).
public struct DiskStat: Hashable, Sendable, Codable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {}

    public var major: UInt32 = 0
    public var minor: UInt32 = 0
    public var name: String = ""
    public var readsCompleted: UInt64 = 0
    public var readsMerged: UInt64 = 0
    public var sectorsRead: UInt64 = 0
    public var readTimeMs: UInt64 = 0
    public var writesCompleted: UInt64 = 0
    public var writesMerged: UInt64 = 0
    public var sectorsWritten: UInt64 = 0
    public var writeTimeMs: UInt64 = 0
    /// I/Os currently in flight (a gauge).
    public var ioInProgress: UInt64 = 0
    /// Milliseconds the device had I/O in flight; its rate is utilisation.
    public var ioTimeMs: UInt64 = 0
    public var weightedIOTimeMs: UInt64 = 0
    public var discardsCompleted: UInt64?
    public var discardsMerged: UInt64?
    public var sectorsDiscarded: UInt64?
    public var discardTimeMs: UInt64?
    public var flushesCompleted: UInt64?
    public var flushTimeMs: UInt64?
    /// Whole disk, partition, or a virtual device left out of node totals; set by the reader from /sys/block.
    public var kind: BlockDeviceKind = .unknown
}

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
