/// The node-wide kernel counters of one pass.
public struct NodeStats: Sendable, Codable, Hashable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {
        self.init(cpu: ProcStat(), memory: Meminfo())
    }

    /// `/proc/stat`: CPU times (total and per CPU) and scheduler counters.
    public var cpu: ProcStat
    /// `/proc/meminfo`, every key, bytes.
    public var memory: Meminfo
    /// `/proc/vmstat`, every key.
    public var vmstat: Vmstat?
    /// `/proc/loadavg`.
    public var load: LoadAvg?
    /// Interfaces of the host network namespace (from `/proc/1/net/dev` when the agent runs in another).
    public var network: [NetDevInterface]
    /// The file the node's network was read from.
    public var networkSource: String
    /// `/proc/diskstats`, every device, classified by /sys/block.
    public var disks: [DiskStat]
    /// `/proc/pressure/*`; nil on kernels without PSI.
    public var cpuPressure: Pressure?
    public var memoryPressure: Pressure?
    public var ioPressure: Pressure?

    public init(
        cpu: ProcStat,
        memory: Meminfo,
        vmstat: Vmstat? = nil,
        load: LoadAvg? = nil,
        network: [NetDevInterface] = [],
        networkSource: String = "",
        disks: [DiskStat] = [],
        cpuPressure: Pressure? = nil,
        memoryPressure: Pressure? = nil,
        ioPressure: Pressure? = nil
    ) {
        self.cpu = cpu
        self.memory = memory
        self.vmstat = vmstat
        self.load = load
        self.network = network
        self.networkSource = networkSource
        self.disks = disks
        self.cpuPressure = cpuPressure
        self.memoryPressure = memoryPressure
        self.ioPressure = ioPressure
    }
}
