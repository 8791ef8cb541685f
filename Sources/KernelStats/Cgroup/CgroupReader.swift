/// Reads one cgroup's counters every cycle through kept file descriptors, from v2 when the container's
/// v2 directory has the memory controller, else from the v1 controllers (plus v2 pressure on hybrid hosts).
///
/// A file the kernel does not provide is looked for once and then left nil. When the cgroup itself
/// disappears (container gone) ``read(into:)`` throws ``KernelStatsError/Kind/gone``.
public final class CgroupReader {
    public let directories: CgroupDirectories
    public let version: CgroupVersion
    private let nanosecondsPerTick: UInt64
    private var files: [String: KernelFile] = [:]
    private var absent: Set<String> = []

    /// - Parameter clockTicksPerSecond: USER_HZ, for v1 `cpuacct.stat` (normally 100).
    public init(directories: CgroupDirectories, clockTicksPerSecond: UInt64 = 100) {
        self.directories = directories
        self.nanosecondsPerTick = 1_000_000_000 / max(clockTicksPerSecond, 1)
        if let unified = directories.unified, CgroupFS.exists("\(unified)/memory.current") {
            self.version = .v2
        } else {
            self.version = .v1
        }
    }

    public func read(into buffer: inout ReadBuffer) throws(KernelStatsError) -> CgroupStats {
        var stats = CgroupStats(version: self.version)
        switch self.version {
        case .v2: try self.readV2(&stats, &buffer)
        case .v1: try self.readV1(&stats, &buffer)
        }
        if let unified = self.directories.unified {
            stats.cpuPressure = try self.parse(unified, "cpu.pressure", Pressure.self, &buffer)
            stats.memoryPressure = try self.parse(unified, "memory.pressure", Pressure.self, &buffer)
            stats.ioPressure = try self.parse(unified, "io.pressure", Pressure.self, &buffer)
        }
        stats.deriveWorkingSet()
        return stats
    }

    private func readV2(_ stats: inout CgroupStats, _ buffer: inout ReadBuffer) throws(KernelStatsError) {
        guard let dir = self.directories.unified else { return }
        if let cpu = try self.parse(dir, "cpu.stat", FlatKeyedFile.self, &buffer) {
            stats.cpuUsageNanoseconds = cpu["usage_usec"].map { $0 &* 1000 }
            stats.cpuUserNanoseconds = cpu["user_usec"].map { $0 &* 1000 }
            stats.cpuSystemNanoseconds = cpu["system_usec"].map { $0 &* 1000 }
            stats.cpuPeriods = cpu["nr_periods"]
            stats.cpuThrottledPeriods = cpu["nr_throttled"]
            stats.cpuThrottledNanoseconds = cpu["throttled_usec"].map { $0 &* 1000 }
        }
        if let max = try self.parse(dir, "cpu.max", CPUMax.self, &buffer) {
            stats.cpuQuotaMicroseconds = max.quotaMicroseconds
            stats.cpuPeriodMicroseconds = max.periodMicroseconds
        }
        stats.memoryUsageBytes = try self.parse(dir, "memory.current", SingleValue.self, &buffer)?.value
        stats.memoryLimitBytes = try self.parse(dir, "memory.max", SingleValue.self, &buffer)?.value
        if let memory = try self.parse(dir, "memory.stat", FlatKeyedFile.self, &buffer) {
            stats.memoryRSSBytes = memory["anon"]
            stats.memoryCacheBytes = memory["file"]
            stats.memoryInactiveFileBytes = memory["inactive_file"]
        }
        if let events = try self.parse(dir, "memory.events", FlatKeyedFile.self, &buffer) {
            stats.memoryLimitHits = events["max"]
            stats.oomKills = events["oom_kill"]
        }
        if let io = try self.parse(dir, "io.stat", IOStat.self, &buffer) {
            Self.sum(io.devices, into: &stats)
        }
        stats.pidsCurrent = try self.parse(dir, "pids.current", SingleValue.self, &buffer)?.value
        stats.pidsLimit = try self.parse(dir, "pids.max", SingleValue.self, &buffer)?.value
    }

    private func readV1(_ stats: inout CgroupStats, _ buffer: inout ReadBuffer) throws(KernelStatsError) {
        let dirs = self.directories
        if let dir = dirs.cpuacct {
            stats.cpuUsageNanoseconds = try self.parse(dir, "cpuacct.usage", SingleValue.self, &buffer)?.value
            if let split = try self.parse(dir, "cpuacct.stat", FlatKeyedFile.self, &buffer) {
                stats.cpuUserNanoseconds = split["user"].map { $0 &* self.nanosecondsPerTick }
                stats.cpuSystemNanoseconds = split["system"].map { $0 &* self.nanosecondsPerTick }
            }
        }
        if let dir = dirs.cpu {
            if let cpu = try self.parse(dir, "cpu.stat", FlatKeyedFile.self, &buffer) {
                stats.cpuPeriods = cpu["nr_periods"]
                stats.cpuThrottledPeriods = cpu["nr_throttled"]
                stats.cpuThrottledNanoseconds = cpu["throttled_time"]
            }
            stats.cpuQuotaMicroseconds = try self.parse(dir, "cpu.cfs_quota_us", SingleValue.self, &buffer)?.value
            stats.cpuPeriodMicroseconds = try self.parse(dir, "cpu.cfs_period_us", SingleValue.self, &buffer)?.value
        }
        if let dir = dirs.memory {
            stats.memoryUsageBytes = try self.parse(dir, "memory.usage_in_bytes", SingleValue.self, &buffer)?.value
            stats.memoryLimitBytes = try self.parse(dir, "memory.limit_in_bytes", SingleValue.self, &buffer)?.value
            if let memory = try self.parse(dir, "memory.stat", FlatKeyedFile.self, &buffer) {
                stats.memoryRSSBytes = memory["total_rss"] ?? memory["rss"]
                stats.memoryCacheBytes = memory["total_cache"] ?? memory["cache"]
                stats.memoryInactiveFileBytes = memory["total_inactive_file"] ?? memory["inactive_file"]
                stats.memorySwapBytes = memory["total_swap"] ?? memory["swap"]
            }
            stats.memoryLimitHits = try self.parse(dir, "memory.failcnt", SingleValue.self, &buffer)?.value
            stats.oomKills = try self.parse(dir, "memory.oom_control", FlatKeyedFile.self, &buffer)?["oom_kill"]
        }
        if let dir = dirs.blkio {
            if let bytes = try self.parse(dir, "blkio.throttle.io_service_bytes", BlkioThrottle.self, &buffer) {
                stats.ioReadBytes = bytes.devices.reduce(0) { $0 &+ $1.readBytes }
                stats.ioWriteBytes = bytes.devices.reduce(0) { $0 &+ $1.writeBytes }
            }
            if let ops = try self.parse(dir, "blkio.throttle.io_serviced", BlkioThrottle.self, &buffer) {
                stats.ioReadOps = ops.devices.reduce(0) { $0 &+ $1.readBytes }
                stats.ioWriteOps = ops.devices.reduce(0) { $0 &+ $1.writeBytes }
            }
        }
        if let dir = dirs.pids {
            stats.pidsCurrent = try self.parse(dir, "pids.current", SingleValue.self, &buffer)?.value
            stats.pidsLimit = try self.parse(dir, "pids.max", SingleValue.self, &buffer)?.value
        }
    }

    private static func sum(_ devices: [DeviceIO], into stats: inout CgroupStats) {
        stats.ioReadBytes = devices.reduce(0) { $0 &+ $1.readBytes }
        stats.ioWriteBytes = devices.reduce(0) { $0 &+ $1.writeBytes }
        stats.ioReadOps = devices.reduce(0) { $0 &+ $1.readOps }
        stats.ioWriteOps = devices.reduce(0) { $0 &+ $1.writeOps }
    }

    /// Reads `dir/name` through a kept descriptor; nil when the file does not exist for this cgroup.
    private func parse<T: KernelFileParsable>(
        _ dir: String,
        _ name: String,
        _ type: T.Type,
        _ buffer: inout ReadBuffer
    ) throws(KernelStatsError) -> T? {
        let path = "\(dir)/\(name)"
        if self.absent.contains(path) { return nil }
        let file: KernelFile
        if let open = self.files[path] {
            file = open
        } else {
            do {
                file = try KernelFile(path: path)
            } catch  where error.kind == .gone {
                // The directory itself gone means the cgroup is gone; a missing file is just not provided.
                guard CgroupFS.exists(dir) else { throw error }
                self.absent.insert(path)
                return nil
            }
            self.files[path] = file
        }
        return try file.parse(type, buffer: &buffer)
    }
}

@available(*, unavailable, message: "owned by one collector")
extension CgroupReader: Sendable {}
