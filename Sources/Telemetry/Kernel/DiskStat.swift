/// One block device's line of `/proc/diskstats`.
///
/// Sectors are always 512 bytes in this file, whatever the device's own sector size. Times are
/// milliseconds. Discard fields exist from Linux 4.18 (18-field lines), flush fields from 5.5 (20).
public struct DiskStat: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
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

/// What a block device is, from /sys/block: the directory lists whole disks (nvme0n1, dm-0, md127,
/// sda, loop0…); partitions appear only below their disk.
public enum BlockDeviceKind: String, Hashable, Sendable, Codable {
    /// A whole disk, counted in node totals (sd*, vd*, nvme*n*, dm-*, md*, mmcblk*, xvd*…).
    case disk
    /// A partition of a disk: listed, but its I/O is already in its disk's line.
    case partition
    /// loop, ram and zram devices: listed, out of totals (their I/O is file or memory traffic).
    case virtual
    /// Not yet classified (no /sys/block available, e.g. a fixture without it).
    case unknown
}
