/// Reads one cgroup's counters every cycle through kept file descriptors, from v2 when the container's
/// v2 directory has the memory controller, else from the v1 controllers (plus v2 pressure on hybrid hosts).
///
/// Paths are built once; a file the kernel does not provide is looked for once and then left nil. When
/// the cgroup itself disappears (container gone) ``read(into:)`` throws ``KernelStatsError/Kind/gone``.
public final class CgroupReader {
    public let directories: CgroupDirectories
    public let version: CgroupVersion
    private let nanosecondsPerTick: UInt64
    private var files: [CgroupFile]

    /// - Parameter clockTicksPerSecond: USER_HZ, for v1 `cpuacct.stat` (normally 100).
    public init(directories: CgroupDirectories, clockTicksPerSecond: UInt64 = 100) {
        self.directories = directories
        self.nanosecondsPerTick = 1_000_000_000 / max(clockTicksPerSecond, 1)
        let version: CgroupVersion =
            directories.unified.map { CgroupFS.exists("\($0)/memory.current") } == true ? .v2 : .v1
        self.version = version
        self.files = CgroupFile.Name.allCases.map { CgroupFile(name: $0, directories: directories, version: version) }
    }

    public func read(into buffer: inout ReadBuffer) throws(KernelStatsError) -> CgroupStats {
        var stats = CgroupStats(version: self.version)
        switch self.version {
        case .v2: try self.readV2(&stats, &buffer)
        case .v1: try self.readV1(&stats, &buffer)
        }
        stats.cpuPressure = try self.parse(.cpuPressure, Pressure.self, &buffer)
        stats.memoryPressure = try self.parse(.memoryPressure, Pressure.self, &buffer)
        stats.ioPressure = try self.parse(.ioPressure, Pressure.self, &buffer)
        stats.deriveWorkingSet()
        return stats
    }

    private static let v2CPUKeys: [StaticString] = [
        "usage_usec", "user_usec", "system_usec", "nr_periods", "nr_throttled", "throttled_usec",
    ]
    private static let v2MemoryKeys: [StaticString] = ["anon", "file", "inactive_file"]
    private static let v2EventKeys: [StaticString] = ["max", "oom_kill"]
    private static let v1CPUAcctKeys: [StaticString] = ["user", "system"]
    private static let v1CPUKeys: [StaticString] = ["nr_periods", "nr_throttled", "throttled_time"]
    private static let v1MemoryKeys: [StaticString] = [
        "total_rss", "rss", "total_cache", "cache", "total_inactive_file", "inactive_file", "total_swap", "swap",
    ]
    private static let v1OOMKeys: [StaticString] = ["oom_kill"]

    private func readV2(_ stats: inout CgroupStats, _ buffer: inout ReadBuffer) throws(KernelStatsError) {
        if let cpu = try self.select(.cpuStat, Self.v2CPUKeys, &buffer) {
            stats.cpuUsageNanoseconds = cpu[0].map { $0 &* 1000 }
            stats.cpuUserNanoseconds = cpu[1].map { $0 &* 1000 }
            stats.cpuSystemNanoseconds = cpu[2].map { $0 &* 1000 }
            (stats.cpuPeriods, stats.cpuThrottledPeriods) = (cpu[3], cpu[4])
            stats.cpuThrottledNanoseconds = cpu[5].map { $0 &* 1000 }
        }
        if let max = try self.parse(.cpuMax, CPUMax.self, &buffer) {
            stats.cpuQuotaMicroseconds = max.quotaMicroseconds
            stats.cpuPeriodMicroseconds = max.periodMicroseconds
        }
        stats.memoryUsageBytes = try self.parse(.memoryCurrent, SingleValue.self, &buffer)?.value
        stats.memoryLimitBytes = try self.parse(.memoryMax, SingleValue.self, &buffer)?.value
        if let memory = try self.select(.memoryStat, Self.v2MemoryKeys, &buffer) {
            (stats.memoryRSSBytes, stats.memoryCacheBytes, stats.memoryInactiveFileBytes) = (
                memory[0], memory[1], memory[2]
            )
        }
        if let events = try self.select(.memoryEvents, Self.v2EventKeys, &buffer) {
            (stats.memoryLimitHits, stats.oomKills) = (events[0], events[1])
        }
        if let io = try self.parse(.ioStat, IOStat.self, &buffer) {
            stats.ioReadBytes = io.devices.reduce(0) { $0 &+ $1.readBytes }
            stats.ioWriteBytes = io.devices.reduce(0) { $0 &+ $1.writeBytes }
            stats.ioReadOps = io.devices.reduce(0) { $0 &+ $1.readOps }
            stats.ioWriteOps = io.devices.reduce(0) { $0 &+ $1.writeOps }
        }
        stats.pidsCurrent = try self.parse(.pidsCurrent, SingleValue.self, &buffer)?.value
        stats.pidsLimit = try self.parse(.pidsMax, SingleValue.self, &buffer)?.value
    }

    private func readV1(_ stats: inout CgroupStats, _ buffer: inout ReadBuffer) throws(KernelStatsError) {
        stats.cpuUsageNanoseconds = try self.parse(.cpuacctUsage, SingleValue.self, &buffer)?.value
        if let split = try self.select(.cpuacctStat, Self.v1CPUAcctKeys, &buffer) {
            stats.cpuUserNanoseconds = split[0].map { $0 &* self.nanosecondsPerTick }
            stats.cpuSystemNanoseconds = split[1].map { $0 &* self.nanosecondsPerTick }
        }
        if let cpu = try self.select(.cpuStat, Self.v1CPUKeys, &buffer) {
            (stats.cpuPeriods, stats.cpuThrottledPeriods, stats.cpuThrottledNanoseconds) = (cpu[0], cpu[1], cpu[2])
        }
        stats.cpuQuotaMicroseconds = try self.parse(.cfsQuota, SingleValue.self, &buffer)?.value
        stats.cpuPeriodMicroseconds = try self.parse(.cfsPeriod, SingleValue.self, &buffer)?.value
        stats.memoryUsageBytes = try self.parse(.memoryCurrent, SingleValue.self, &buffer)?.value
        stats.memoryLimitBytes = try self.parse(.memoryMax, SingleValue.self, &buffer)?.value
        if let memory = try self.select(.memoryStat, Self.v1MemoryKeys, &buffer) {
            // total_* are hierarchical like usage_in_bytes; the plain keys are the fallback on old kernels.
            stats.memoryRSSBytes = memory[0] ?? memory[1]
            stats.memoryCacheBytes = memory[2] ?? memory[3]
            stats.memoryInactiveFileBytes = memory[4] ?? memory[5]
            stats.memorySwapBytes = memory[6] ?? memory[7]
        }
        stats.memoryLimitHits = try self.parse(.memoryFailcnt, SingleValue.self, &buffer)?.value
        stats.oomKills = try self.select(.oomControl, Self.v1OOMKeys, &buffer)?[0]
        if let bytes = try self.parse(.blkioBytes, BlkioThrottle.self, &buffer) {
            stats.ioReadBytes = bytes.devices.reduce(0) { $0 &+ $1.readBytes }
            stats.ioWriteBytes = bytes.devices.reduce(0) { $0 &+ $1.writeBytes }
        }
        if let ops = try self.parse(.blkioOps, BlkioThrottle.self, &buffer) {
            stats.ioReadOps = ops.devices.reduce(0) { $0 &+ $1.readBytes }
            stats.ioWriteOps = ops.devices.reduce(0) { $0 &+ $1.writeBytes }
        }
        stats.pidsCurrent = try self.parse(.pidsCurrent, SingleValue.self, &buffer)?.value
        stats.pidsLimit = try self.parse(.pidsMax, SingleValue.self, &buffer)?.value
    }

    /// Reads a file's bytes through its kept descriptor; nil when the file does not exist for this cgroup.
    private func bytes(
        _ name: CgroupFile.Name,
        _ buffer: inout ReadBuffer
    ) throws(KernelStatsError) -> ArraySlice<UInt8>? {
        try self.files[name.rawValue].read(into: &buffer)
    }

    private func parse<T: KernelFileParsable>(
        _ name: CgroupFile.Name,
        _ type: T.Type,
        _ buffer: inout ReadBuffer
    ) throws(KernelStatsError) -> T? {
        guard let bytes = try self.bytes(name, &buffer) else { return nil }
        do {
            return try T(parsing: bytes)
        } catch {
            throw self.files[name.rawValue].locate(error)
        }
    }

    private func select(
        _ name: CgroupFile.Name,
        _ keys: [StaticString],
        _ buffer: inout ReadBuffer
    ) throws(KernelStatsError) -> [UInt64?]? {
        guard let bytes = try self.bytes(name, &buffer) else { return nil }
        do {
            return try FlatKeyed.select(bytes, file: CgroupFile.genericName, keys: keys)
        } catch {
            throw self.files[name.rawValue].locate(error)
        }
    }
}

@available(*, unavailable, message: "owned by one collector")
extension CgroupReader: Sendable {}
