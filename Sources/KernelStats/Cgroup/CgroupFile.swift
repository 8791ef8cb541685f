import Telemetry

/// One file of a cgroup, read through a ``PolledFile`` (kept open while it pays for itself, within the
/// collector's descriptor budget); absent files are looked for once.
struct CgroupFile {
    /// Every file a ``CgroupReader`` reads. v1 and v2 files with the same meaning share a name
    /// (`memoryCurrent` is v2 `memory.current` or v1 `memory.usage_in_bytes`).
    enum Name: Int, CaseIterable {
        case cpuStat, cpuMax, cfsQuota, cfsPeriod, cpuacctUsage, cpuacctStat
        case memoryCurrent, memoryMax, memoryStat, memoryEvents, memoryFailcnt, oomControl
        case ioStat, blkioBytes, blkioOps, pidsCurrent, pidsMax
        case cpuPressure, memoryPressure, ioPressure
    }

    static let genericName = "cgroup file"

    /// Full path, or nil when this version has no such file.
    let path: String?
    /// The directory the file lives in, to tell "file not provided" from "cgroup gone".
    let directory: String?
    private var file = PolledFile()
    private let budget: DescriptorBudget
    private var absent = false

    init(name: Name, directories: CgroupDirectories, version: CgroupVersion, budget: DescriptorBudget) {
        let location = Self.location(name, directories, version)
        self.directory = location?.directory
        self.path = location.map { "\($0.directory)/\($0.file)" }
        self.budget = budget
    }

    /// The bytes, or nil when the file does not exist here. Throws `.gone` when the directory vanished.
    mutating func read(into buffer: inout ReadBuffer, pass: Int) throws(KernelStatsError) -> ArraySlice<UInt8>? {
        guard !self.absent, let path = self.path else { return nil }
        do {
            return try self.file.read(path, into: &buffer, pass: pass, budget: self.budget)
        } catch  where error.kind == .gone {
            guard let directory = self.directory, CgroupFS.exists(directory) else { throw error }
            self.absent = true
            return nil
        }
    }

    /// The error with this file's real path.
    func locate(_ error: KernelStatsError) -> KernelStatsError {
        var located = error
        located.file = self.path ?? error.file
        return located
    }

    private static func location(
        _ name: Name,
        _ dirs: CgroupDirectories,
        _ version: CgroupVersion
    ) -> (directory: String, file: String)? {
        func at(_ directory: String?, _ file: String) -> (directory: String, file: String)? {
            directory.map { ($0, file) }
        }
        switch (name, version) {
        case (.cpuPressure, _): return at(dirs.unified, "cpu.pressure")
        case (.memoryPressure, _): return at(dirs.unified, "memory.pressure")
        case (.ioPressure, _): return at(dirs.unified, "io.pressure")
        case (.cpuStat, .v2): return at(dirs.unified, "cpu.stat")
        case (.cpuMax, .v2): return at(dirs.unified, "cpu.max")
        case (.memoryCurrent, .v2): return at(dirs.unified, "memory.current")
        case (.memoryMax, .v2): return at(dirs.unified, "memory.max")
        case (.memoryStat, .v2): return at(dirs.unified, "memory.stat")
        case (.memoryEvents, .v2): return at(dirs.unified, "memory.events")
        case (.ioStat, .v2): return at(dirs.unified, "io.stat")
        case (.pidsCurrent, .v2): return at(dirs.unified, "pids.current")
        case (.pidsMax, .v2): return at(dirs.unified, "pids.max")
        case (.cpuacctUsage, .v1): return at(dirs.cpuacct, "cpuacct.usage")
        case (.cpuacctStat, .v1): return at(dirs.cpuacct, "cpuacct.stat")
        case (.cpuStat, .v1): return at(dirs.cpu, "cpu.stat")
        case (.cfsQuota, .v1): return at(dirs.cpu, "cpu.cfs_quota_us")
        case (.cfsPeriod, .v1): return at(dirs.cpu, "cpu.cfs_period_us")
        case (.memoryCurrent, .v1): return at(dirs.memory, "memory.usage_in_bytes")
        case (.memoryMax, .v1): return at(dirs.memory, "memory.limit_in_bytes")
        case (.memoryStat, .v1): return at(dirs.memory, "memory.stat")
        case (.memoryFailcnt, .v1): return at(dirs.memory, "memory.failcnt")
        case (.oomControl, .v1): return at(dirs.memory, "memory.oom_control")
        case (.blkioBytes, .v1): return at(dirs.blkio, "blkio.throttle.io_service_bytes")
        case (.blkioOps, .v1): return at(dirs.blkio, "blkio.throttle.io_serviced")
        case (.pidsCurrent, .v1): return at(dirs.pids, "pids.current")
        case (.pidsMax, .v1): return at(dirs.pids, "pids.max")
        default: return nil
        }
    }
}
