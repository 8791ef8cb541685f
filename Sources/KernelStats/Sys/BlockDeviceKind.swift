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

    /// Classifies `name` given the names under /sys/block.
    public static func classify(_ name: String, wholeDisks: Set<String>) -> BlockDeviceKind {
        if name.hasPrefix("loop") || name.hasPrefix("ram") || name.hasPrefix("zram") { return .virtual }
        return wholeDisks.contains(name) ? .disk : .partition
    }
}
