public import Telemetry

/// Reads one cgroup's counters every cycle, from v2 when the container's v2 directory has the memory
/// controller, else from the v1 controllers (plus v2 pressure on hybrid hosts). Files are read through
/// ``PolledFile``s: kept open while they pay for themselves, within `budget`.
///
/// Paths are built once; a file the kernel does not provide is looked for once and then left nil. When
/// the cgroup itself disappears (container gone) ``read(into:pass:)`` throws ``KernelStatsError/Kind/gone``.
public final class CgroupReader {
    public let directories: CgroupDirectories
    public let version: CgroupVersion
    private let nanosecondsPerTick: UInt64
    private var files: [CgroupFile]
    private var reads = 0

    /// - Parameters:
    ///   - clockTicksPerSecond: USER_HZ, for v1 `cpuacct.stat` (normally 100).
    ///   - budget: the collector's descriptor budget (a reader of its own by default).
    public init(
        directories: CgroupDirectories,
        clockTicksPerSecond: UInt64 = 100,
        budget: DescriptorBudget = DescriptorBudget(limit: 64)
    ) {
        self.directories = directories
        self.nanosecondsPerTick = 1_000_000_000 / max(clockTicksPerSecond, 1)
        let version: CgroupVersion =
            directories.unified.map { CgroupFS.exists("\($0)/memory.current") } == true ? .v2 : .v1
        self.version = version
        self.files = CgroupFile.Name.allCases.map {
            CgroupFile(name: $0, directories: directories, version: version, budget: budget)
        }
    }

    /// Reads every counter; each call is one pass.
    public func read(into buffer: inout ReadBuffer) throws(KernelStatsError) -> CgroupStats {
        self.reads += 1
        return try self.read(into: &buffer, pass: self.reads)
    }

    /// The two counters that move whenever anything in the cgroup runs or allocates: CPU time used (ns) and
    /// memory used (bytes). A container where neither moved has processes that did not run.
    public func probe(into buffer: inout ReadBuffer, pass: Int) throws(KernelStatsError) -> CgroupProbe {
        switch self.version {
        case .v2:
            let usage = try self.select(.cpuStat, [Self.v2CPUKeys[0]], &buffer, pass)?[0].map { $0 &* 1000 }
            return CgroupProbe(
                cpuNanoseconds: usage,
                memoryBytes: try self.parse(.memoryCurrent, SingleValue.self, &buffer, pass)?.value
            )
        case .v1:
            return CgroupProbe(
                cpuNanoseconds: try self.parse(.cpuacctUsage, SingleValue.self, &buffer, pass)?.value,
                memoryBytes: try self.parse(.memoryCurrent, SingleValue.self, &buffer, pass)?.value
            )
        }
    }

    /// Reads every counter in pass `pass` (the collector's pass number).
    public func read(into buffer: inout ReadBuffer, pass: Int) throws(KernelStatsError) -> CgroupStats {
        var stats = CgroupStats(version: self.version)
        switch self.version {
        case .v2: try self.readV2(&stats, &buffer, pass)
        case .v1: try self.readV1(&stats, &buffer, pass)
        }
        stats.cpuPressure = try self.parse(.cpuPressure, Pressure.self, &buffer, pass)
        stats.memoryPressure = try self.parse(.memoryPressure, Pressure.self, &buffer, pass)
        stats.ioPressure = try self.parse(.ioPressure, Pressure.self, &buffer, pass)
        Self.deriveWorkingSet(&stats)
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

    private func readV2(_ stats: inout CgroupStats, _ buffer: inout ReadBuffer, _ pass: Int) throws(KernelStatsError) {
        if let cpu = try self.select(.cpuStat, Self.v2CPUKeys, &buffer, pass) {
            stats.cpuUsageNanoseconds = cpu[0].map { $0 &* 1000 }
            stats.cpuUserNanoseconds = cpu[1].map { $0 &* 1000 }
            stats.cpuSystemNanoseconds = cpu[2].map { $0 &* 1000 }
            (stats.cpuPeriods, stats.cpuThrottledPeriods) = (cpu[3], cpu[4])
            stats.cpuThrottledNanoseconds = cpu[5].map { $0 &* 1000 }
        }
        if let max = try self.parse(.cpuMax, CPUMax.self, &buffer, pass) {
            stats.cpuQuotaMicroseconds = max.quotaMicroseconds
            stats.cpuPeriodMicroseconds = max.periodMicroseconds
        }
        stats.memoryUsageBytes = try self.parse(.memoryCurrent, SingleValue.self, &buffer, pass)?.value
        stats.memoryLimitBytes = try self.parse(.memoryMax, SingleValue.self, &buffer, pass)?.value
        if let memory = try self.select(.memoryStat, Self.v2MemoryKeys, &buffer, pass) {
            (stats.memoryRSSBytes, stats.memoryCacheBytes, stats.memoryInactiveFileBytes) = (
                memory[0], memory[1], memory[2]
            )
        }
        if let events = try self.select(.memoryEvents, Self.v2EventKeys, &buffer, pass) {
            (stats.memoryLimitHits, stats.oomKills) = (events[0], events[1])
        }
        if let io = try self.parse(.ioStat, IOStat.self, &buffer, pass) {
            stats.ioReadBytes = io.devices.reduce(0) { $0 &+ $1.readBytes }
            stats.ioWriteBytes = io.devices.reduce(0) { $0 &+ $1.writeBytes }
            stats.ioReadOps = io.devices.reduce(0) { $0 &+ $1.readOps }
            stats.ioWriteOps = io.devices.reduce(0) { $0 &+ $1.writeOps }
        }
        stats.pidsCurrent = try self.parse(.pidsCurrent, SingleValue.self, &buffer, pass)?.value
        stats.pidsLimit = try self.parse(.pidsMax, SingleValue.self, &buffer, pass)?.value
    }

    private func readV1(_ stats: inout CgroupStats, _ buffer: inout ReadBuffer, _ pass: Int) throws(KernelStatsError) {
        stats.cpuUsageNanoseconds = try self.parse(.cpuacctUsage, SingleValue.self, &buffer, pass)?.value
        if let split = try self.select(.cpuacctStat, Self.v1CPUAcctKeys, &buffer, pass) {
            stats.cpuUserNanoseconds = split[0].map { $0 &* self.nanosecondsPerTick }
            stats.cpuSystemNanoseconds = split[1].map { $0 &* self.nanosecondsPerTick }
        }
        if let cpu = try self.select(.cpuStat, Self.v1CPUKeys, &buffer, pass) {
            (stats.cpuPeriods, stats.cpuThrottledPeriods, stats.cpuThrottledNanoseconds) = (cpu[0], cpu[1], cpu[2])
        }
        stats.cpuQuotaMicroseconds = try self.parse(.cfsQuota, SingleValue.self, &buffer, pass)?.value
        stats.cpuPeriodMicroseconds = try self.parse(.cfsPeriod, SingleValue.self, &buffer, pass)?.value
        stats.memoryUsageBytes = try self.parse(.memoryCurrent, SingleValue.self, &buffer, pass)?.value
        stats.memoryLimitBytes = try self.parse(.memoryMax, SingleValue.self, &buffer, pass)?.value
        if let memory = try self.select(.memoryStat, Self.v1MemoryKeys, &buffer, pass) {
            // total_* are hierarchical like usage_in_bytes; the plain keys are the fallback on old kernels.
            stats.memoryRSSBytes = memory[0] ?? memory[1]
            stats.memoryCacheBytes = memory[2] ?? memory[3]
            stats.memoryInactiveFileBytes = memory[4] ?? memory[5]
            stats.memorySwapBytes = memory[6] ?? memory[7]
        }
        stats.memoryLimitHits = try self.parse(.memoryFailcnt, SingleValue.self, &buffer, pass)?.value
        stats.oomKills = try self.select(.oomControl, Self.v1OOMKeys, &buffer, pass)?[0]
        if let bytes = try self.parse(.blkioBytes, BlkioThrottle.self, &buffer, pass) {
            stats.ioReadBytes = bytes.devices.reduce(0) { $0 &+ $1.readBytes }
            stats.ioWriteBytes = bytes.devices.reduce(0) { $0 &+ $1.writeBytes }
        }
        if let ops = try self.parse(.blkioOps, BlkioThrottle.self, &buffer, pass) {
            stats.ioReadOps = ops.devices.reduce(0) { $0 &+ $1.readBytes }
            stats.ioWriteOps = ops.devices.reduce(0) { $0 &+ $1.writeBytes }
        }
        stats.pidsCurrent = try self.parse(.pidsCurrent, SingleValue.self, &buffer, pass)?.value
        stats.pidsLimit = try self.parse(.pidsMax, SingleValue.self, &buffer, pass)?.value
    }

    /// Reads a file's bytes through its kept descriptor; nil when the file does not exist for this cgroup.
    private func bytes(
        _ name: CgroupFile.Name,
        _ buffer: inout ReadBuffer,
        _ pass: Int
    ) throws(KernelStatsError) -> ArraySlice<UInt8>? {
        try self.files[name.rawValue].read(into: &buffer, pass: pass)
    }

    private func parse<T: KernelFileParsable>(
        _ name: CgroupFile.Name,
        _ type: T.Type,
        _ buffer: inout ReadBuffer,
        _ pass: Int
    ) throws(KernelStatsError) -> T? {
        guard let bytes = try self.bytes(name, &buffer, pass) else { return nil }
        do {
            return try T(parsing: bytes)
        } catch {
            throw self.files[name.rawValue].locate(error)
        }
    }

    private func select(
        _ name: CgroupFile.Name,
        _ keys: [StaticString],
        _ buffer: inout ReadBuffer,
        _ pass: Int
    ) throws(KernelStatsError) -> [UInt64?]? {
        guard let bytes = try self.bytes(name, &buffer, pass) else { return nil }
        do {
            return try FlatKeyed.select(bytes, file: CgroupFile.genericName, keys: keys)
        } catch {
            throw self.files[name.rawValue].locate(error)
        }
    }
}

@available(*, unavailable, message: "owned by one collector")
extension CgroupReader: Sendable {}

/// A cgroup's CPU time and memory use at one instant: equal twice in a row, nothing in it ran.
public struct CgroupProbe: Sendable, Hashable {
    public var cpuNanoseconds: UInt64?
    public var memoryBytes: UInt64?

    public init(cpuNanoseconds: UInt64?, memoryBytes: UInt64?) {
        self.cpuNanoseconds = cpuNanoseconds
        self.memoryBytes = memoryBytes
    }
}

extension CgroupReader {
    /// Sets the working set from usage and inactive_file, the kubelet's formula (floored at 0).
    static func deriveWorkingSet(_ stats: inout CgroupStats) {
        guard let usage = stats.memoryUsageBytes else { return }
        let inactive = stats.memoryInactiveFileBytes ?? 0
        stats.memoryWorkingSetBytes = usage > inactive ? usage - inactive : 0
    }
}
