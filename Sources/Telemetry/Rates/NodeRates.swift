/// Per-second rates of one interface.
public struct InterfaceRates: Sendable, Codable, Hashable {
    public var name: String
    public var rxBytesPerSecond: Double?
    public var txBytesPerSecond: Double?
    public var rxPacketsPerSecond: Double?
    public var txPacketsPerSecond: Double?
    public var rxErrorsPerSecond: Double?
    public var txErrorsPerSecond: Double?
    public var rxDroppedPerSecond: Double?
    public var txDroppedPerSecond: Double?

    init(previous: NetDevInterface, current: NetDevInterface, seconds: Double) {
        func rate(_ path: KeyPath<NetDevInterface, UInt64>) -> Double? {
            CounterRate.perSecond(previous[keyPath: path], current[keyPath: path], seconds: seconds)
        }
        self.name = current.name
        self.rxBytesPerSecond = rate(\.rxBytes)
        self.txBytesPerSecond = rate(\.txBytes)
        self.rxPacketsPerSecond = rate(\.rxPackets)
        self.txPacketsPerSecond = rate(\.txPackets)
        self.rxErrorsPerSecond = rate(\.rxErrors)
        self.txErrorsPerSecond = rate(\.txErrors)
        self.rxDroppedPerSecond = rate(\.rxDropped)
        self.txDroppedPerSecond = rate(\.txDropped)
    }

    /// Rates for every interface present in both readings (matched by name), loopback included.
    static func all(previous: [NetDevInterface], current: [NetDevInterface], seconds: Double) -> [InterfaceRates] {
        let before = Dictionary(previous.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return current.compactMap { now in
            before[now.name].map { InterfaceRates(previous: $0, current: now, seconds: seconds) }
        }
    }
}

/// Per-second rates of one block device.
public struct DiskRates: Sendable, Codable, Hashable {
    public var name: String
    public var kind: BlockDeviceKind
    public var readBytesPerSecond: Double?
    public var writeBytesPerSecond: Double?
    public var readsPerSecond: Double?
    public var writesPerSecond: Double?
    /// Share of the interval with I/O in flight (Δio_time_ms / Δt), percent; like iostat's %util.
    public var utilizationPercent: Double?

    init(previous: DiskStat, current: DiskStat, seconds: Double) {
        self.name = current.name
        self.kind = current.kind
        // /proc/diskstats counts 512-byte sectors whatever the device's sector size.
        self.readBytesPerSecond = CounterRate.perSecond(previous.sectorsRead, current.sectorsRead, seconds: seconds).map
        { $0 * 512 }
        self.writeBytesPerSecond = CounterRate.perSecond(
            previous.sectorsWritten,
            current.sectorsWritten,
            seconds: seconds
        ).map { $0 * 512 }
        self.readsPerSecond = CounterRate.perSecond(previous.readsCompleted, current.readsCompleted, seconds: seconds)
        self.writesPerSecond = CounterRate.perSecond(
            previous.writesCompleted,
            current.writesCompleted,
            seconds: seconds
        )
        self.utilizationPercent = CounterRate.perSecond(previous.ioTimeMs, current.ioTimeMs, seconds: seconds)
            .map { min(100, $0 / 1000 * 100) }
    }
}

/// Node-wide rates between two snapshots.
public struct NodeRates: Sendable, Codable, Hashable {
    public var cpu: CPUPercentages?
    /// Per CPU, keyed by CPU number.
    public var perCPU: [Int: CPUPercentages]
    /// (MemTotal − MemAvailable) / MemTotal × 100 at the current sample; nil without MemAvailable.
    public var memoryUsedPercent: Double?
    public var contextSwitchesPerSecond: Double?
    public var interruptsPerSecond: Double?
    public var forksPerSecond: Double?
    public var interfaces: [InterfaceRates]
    /// Sum over interfaces except loopback.
    public var networkRxBytesPerSecond: Double?
    public var networkTxBytesPerSecond: Double?
    public var disks: [DiskRates]
    /// Sum over whole disks (partitions and loop/ram/zram left out, so nothing counts twice).
    public var diskReadBytesPerSecond: Double?
    public var diskWriteBytesPerSecond: Double?
    public var diskReadsPerSecond: Double?
    public var diskWritesPerSecond: Double?

    public init(previous: NodeStats, current: NodeStats, seconds: Double) {
        self.cpu = CPUPercentages(previous: previous.cpu.total, current: current.cpu.total)
        self.perCPU = [:]
        for (index, now) in current.cpu.perCPU {
            if let before = previous.cpu.perCPU[index] {
                self.perCPU[index] = CPUPercentages(previous: before, current: now)
            }
        }
        if let total = current.memory.memTotal, let available = current.memory.memAvailable, total > 0 {
            self.memoryUsedPercent = Double(total - min(total, available)) / Double(total) * 100
        }
        self.contextSwitchesPerSecond = CounterRate.perSecond(
            previous.cpu.contextSwitches,
            current.cpu.contextSwitches,
            seconds: seconds
        )
        self.interruptsPerSecond = CounterRate.perSecond(
            previous.cpu.interrupts,
            current.cpu.interrupts,
            seconds: seconds
        )
        self.forksPerSecond = CounterRate.perSecond(
            previous.cpu.processesCreated,
            current.cpu.processesCreated,
            seconds: seconds
        )
        self.interfaces = InterfaceRates.all(previous: previous.network, current: current.network, seconds: seconds)
        let external = self.interfaces.filter { $0.name != "lo" }
        self.networkRxBytesPerSecond = Self.sum(external.map(\.rxBytesPerSecond))
        self.networkTxBytesPerSecond = Self.sum(external.map(\.txBytesPerSecond))
        let before = Dictionary(previous.disks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.disks = current.disks.compactMap { now in
            before[now.name].map { DiskRates(previous: $0, current: now, seconds: seconds) }
        }
        let whole = self.disks.filter { $0.kind == .disk }
        self.diskReadBytesPerSecond = Self.sum(whole.map(\.readBytesPerSecond))
        self.diskWriteBytesPerSecond = Self.sum(whole.map(\.writeBytesPerSecond))
        self.diskReadsPerSecond = Self.sum(whole.map(\.readsPerSecond))
        self.diskWritesPerSecond = Self.sum(whole.map(\.writesPerSecond))
    }

    /// The sum, nil when any term is unknown (a partial sum would be a wrong number).
    static func sum(_ values: [Double?]) -> Double? {
        var total = 0.0
        for value in values {
            guard let value else { return nil }
            total += value
        }
        return total
    }
}
