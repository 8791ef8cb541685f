import Telemetry

/// A node's own counters as a 16-CPU, 64 GiB worker would report them: /proc/stat per CPU, the usual
/// meminfo and vmstat keys, load, PSI, a NIC, the CNI bridge and an NVMe disk. Counters only grow.
struct SyntheticHost: Sendable {
    static let cpus = 16
    static let memoryKiB: UInt64 = 64 << 20

    private(set) var stats: NodeStats
    /// Mean busy fraction of the node, drifting slowly so that sparklines have a shape.
    private var busy: Double
    private var stall: UInt64 = 0
    /// An outlier: busy ~98 % all the time (the dense view and the heat map must show it first).
    private let hot: Bool

    init(random: inout SeededGenerator, hot: Bool = false) {
        self.hot = hot
        self.busy = hot ? 0.98 : Double.random(in: 0.15...0.6, using: &random)
        var cpu = ProcStat()
        for index in 0..<Self.cpus {
            cpu.perCPU[index] = CPUTimes(
                user: 900_000 + random.next() % 100_000,
                nice: 1_000,
                system: 200_000 + random.next() % 50_000,
                idle: 4_000_000 + random.next() % 500_000,
                iowait: 5_000,
                irq: 0,
                softirq: 9_000,
                steal: 300,
                guest: 0,
                guestNice: 0
            )
        }
        cpu.contextSwitches = 9_000_000_000
        cpu.interrupts = 4_000_000_000
        cpu.softirqs = 2_000_000_000
        cpu.bootTime = 1_760_000_000
        cpu.processesCreated = 40_000_000
        cpu.processesRunning = 3
        cpu.processesBlocked = 0
        var memory: [String: UInt64] = [:]
        for (index, key) in Self.meminfoKeys.enumerated() {
            memory[key] = (Self.memoryKiB / UInt64(index + 2)) << 10
        }
        memory["MemTotal"] = Self.memoryKiB << 10
        var vmstat: [String: UInt64] = [:]
        for key in Self.vmstatKeys { vmstat[key] = random.next() % 1_000_000_000 }
        self.stats = NodeStats(
            cpu: cpu,
            memory: Meminfo(values: memory),
            vmstat: Vmstat(values: vmstat),
            load: LoadAvg(),
            network: ["lo", "eth0", "cni0", "flannel.1"].map { name in
                var interface = NetDevInterface()
                interface.name = name
                interface.rxBytes = random.next() % 1 << 40
                interface.txBytes = random.next() % 1 << 40
                return interface
            },
            networkSource: "/proc/1/net/dev",
            disks: [Self.disk("nvme0n1", minor: 0), Self.disk("nvme0n1p1", minor: 1)],
            cpuPressure: Pressure(),
            memoryPressure: Pressure(),
            ioPressure: Pressure()
        )
        self.stats.cpu.total = Self.sum(self.stats.cpu.perCPU)
        self.advance(random: &random)
    }

    /// One sampling interval later.
    mutating func advance(seconds: Double = 5, random: inout SeededGenerator) {
        let drifted = self.busy + Double.random(in: -0.03...0.03, using: &random)
        self.busy = self.hot ? min(0.99, max(0.97, drifted)) : min(0.95, max(0.05, drifted))
        let ticksPerCPU = UInt64(seconds * 100)
        for index in 0..<Self.cpus {
            // A hot node is busy on every CPU alike; the others vary from CPU to CPU.
            let spread = Double.random(in: 0.7...1.3, using: &random)
            let used = UInt64(Double(ticksPerCPU) * min(1, self.busy * (self.hot ? 1 : spread)))
            self.stats.cpu.perCPU[index]?.user += used * 3 / 4
            self.stats.cpu.perCPU[index]?.system += used / 4
            self.stats.cpu.perCPU[index]?.idle += ticksPerCPU - used
            self.stats.cpu.perCPU[index]?.softirq? += random.next() % 3
        }
        self.stats.cpu.total = Self.sum(self.stats.cpu.perCPU)
        self.stats.cpu.contextSwitches? += 200_000 + random.next() % 50_000
        self.stats.cpu.interrupts? += 100_000 + random.next() % 20_000
        self.stats.cpu.processesCreated? += random.next() % 200
        let available = UInt64(Double(Self.memoryKiB) * (1 - self.busy * 0.8)) << 10
        self.stats.memory.values["MemAvailable"] = available
        self.stats.memory.values["MemFree"] = available / 3
        self.stats.memory.values["Cached"] = available / 2 + random.next() % 4096 * 4096
        self.stats.memory.values["Active"]? += random.next() % 1_000_000
        self.stats.memory.values["Dirty"] = random.next() % 50_000_000
        for key in Self.vmstatKeys.prefix(12) { self.stats.vmstat?.values[key]? += random.next() % 100_000 }
        for index in self.stats.network.indices where index > 0 {
            self.stats.network[index].rxBytes += random.next() % 50_000_000
            self.stats.network[index].rxPackets += random.next() % 40_000
            self.stats.network[index].txBytes += random.next() % 30_000_000
            self.stats.network[index].txPackets += random.next() % 30_000
        }
        for index in self.stats.disks.indices {
            self.stats.disks[index].readsCompleted += random.next() % 500
            self.stats.disks[index].sectorsRead += random.next() % 40_000
            self.stats.disks[index].writesCompleted += random.next() % 900
            self.stats.disks[index].sectorsWritten += random.next() % 90_000
            self.stats.disks[index].ioTimeMs += random.next() % 2_000
        }
        var load = LoadAvg()
        load.load1 = self.busy * Double(Self.cpus)
        load.load5 = load.load1 * 0.95
        load.load15 = load.load1 * 0.9
        load.runnable = 3
        load.entities = 1_400
        self.stats.load = load
        self.stall += UInt64(self.busy * 50_000)
        let some = PressureLine(
            avg10: self.busy * 2,
            avg60: self.busy * 1.5,
            avg300: self.busy,
            totalMicroseconds: self.stall
        )
        self.stats.cpuPressure = Pressure(some: some, full: nil)
    }

    private static func sum(_ perCPU: [Int: CPUTimes]) -> CPUTimes {
        perCPU.values.reduce(
            into: CPUTimes(user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0)
        ) {
            total,
            cpu in
            total.user += cpu.user
            total.nice += cpu.nice
            total.system += cpu.system
            total.idle += cpu.idle
            total.iowait? += cpu.iowait ?? 0
            total.softirq? += cpu.softirq ?? 0
            total.steal? += cpu.steal ?? 0
        }
    }

    private static func disk(_ name: String, minor: UInt32) -> DiskStat {
        var disk = DiskStat()
        disk.major = 259
        disk.minor = minor
        disk.name = name
        disk.kind = minor == 0 ? .disk : .partition
        return disk
    }

    static let meminfoKeys = [
        "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active", "Inactive",
        "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked", "SwapTotal",
        "SwapFree", "Zswap", "Zswapped", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab",
        "SReclaimable", "SUnreclaim", "KernelStack", "PageTables", "SecPageTables", "NFS_Unstable", "Bounce",
        "WritebackTmp", "CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk", "Percpu",
        "HardwareCorrupted", "AnonHugePages", "ShmemHugePages", "ShmemPmdMapped", "FileHugePages", "FilePmdMapped",
        "Unaccepted", "HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp", "Hugepagesize",
        "Hugetlb", "DirectMap4k", "DirectMap2M", "DirectMap1G",
    ]

    static let vmstatKeys = [
        "pgpgin", "pgpgout", "pswpin", "pswpout", "pgfault", "pgmajfault", "pgfree", "pgactivate", "pgdeactivate",
        "pgrefill", "pgsteal_kswapd", "pgscan_kswapd", "nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon",
        "nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock",
        "nr_bounce", "nr_zspages", "nr_free_cma", "numa_hit", "numa_miss", "numa_foreign", "numa_interleave",
        "numa_local", "numa_other", "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
        "nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file",
        "workingset_refault_anon", "workingset_refault_file", "nr_anon_pages", "nr_mapped", "nr_file_pages",
        "nr_dirty", "nr_writeback", "nr_shmem", "nr_kernel_stack", "nr_page_table_pages", "oom_kill", "pgalloc_normal",
        "pgsteal_direct", "pgscan_direct", "compact_stall", "thp_fault_alloc", "allocstall_normal",
    ]
}
