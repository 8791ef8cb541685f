public import Telemetry

extension BlockDeviceKind {
    /// Classifies `name` given the names under /sys/block: that directory lists whole disks (nvme0n1, dm-0,
    /// md127, sda, loop0…); partitions appear only below their disk.
    public static func classify(_ name: String, wholeDisks: Set<String>) -> BlockDeviceKind {
        if name.hasPrefix("loop") || name.hasPrefix("ram") || name.hasPrefix("zram") { return .virtual }
        return wholeDisks.contains(name) ? .disk : .partition
    }
}
