import Telemetry

/// The node's counters as the rows of a delta's `host_rows` (docs/wire-protocol.md, "Node rows"): all CPUs,
/// then each CPU in number order (user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice),
/// the /proc/stat totals and load, each network interface, each disk, and PSI. Which CPUs, interfaces and disks
/// there are, and whether vmstat and load were read, is the node's shape: when it changes the node travels whole.
extension NodeStats {
    func hasSameShape(as other: NodeStats) -> Bool {
        Set(self.cpu.perCPU.keys) == Set(other.cpu.perCPU.keys)
            && self.network.map(\.name) == other.network.map(\.name)
            && self.disks.map { DiskShape($0) } == other.disks.map { DiskShape($0) }
            && self.networkSource == other.networkSource && (self.vmstat == nil) == (other.vmstat == nil)
            && (self.load == nil) == (other.load == nil)
    }

    var counterRows: [[UInt64?]] {
        var rows: [[UInt64?]] = [Self.counters(self.cpu.total)]
        for number in self.cpu.perCPU.keys.sorted() { rows.append(Self.counters(self.cpu.perCPU[number])) }
        let load = self.load
        rows.append([
            self.cpu.contextSwitches, self.cpu.interrupts, self.cpu.softirqs, self.cpu.bootTime,
            self.cpu.processesCreated, self.cpu.processesRunning, self.cpu.processesBlocked, load?.load1.bitPattern,
            load?.load5.bitPattern, load?.load15.bitPattern, load?.runnable, load?.entities, load?.lastPID,
        ])
        for interface in self.network {
            rows.append([
                interface.rxBytes, interface.rxPackets, interface.rxErrors, interface.rxDropped, interface.rxFifo,
                interface.rxFrame, interface.rxCompressed, interface.rxMulticast, interface.txBytes,
                interface.txPackets, interface.txErrors, interface.txDropped, interface.txFifo,
                interface.txCollisions, interface.txCarrier, interface.txCompressed,
            ])
        }
        for disk in self.disks {
            rows.append([
                disk.readsCompleted, disk.readsMerged, disk.sectorsRead, disk.readTimeMs, disk.writesCompleted,
                disk.writesMerged, disk.sectorsWritten, disk.writeTimeMs, disk.ioInProgress, disk.ioTimeMs,
                disk.weightedIOTimeMs, disk.discardsCompleted, disk.discardsMerged, disk.sectorsDiscarded,
                disk.discardTimeMs, disk.flushesCompleted, disk.flushTimeMs,
            ])
        }
        var pressure: [UInt64?] = []
        PressureCounters.append(self.cpuPressure, to: &pressure)
        PressureCounters.append(self.memoryPressure, to: &pressure)
        PressureCounters.append(self.ioPressure, to: &pressure)
        rows.append(pressure)
        return rows
    }

    /// Writes rows of the same shape as `counterRows` back (the decoder checked the row count and that every
    /// changed counter was present).
    mutating func setCounterRows(_ rows: [[UInt64?]]) {
        let numbers = self.cpu.perCPU.keys.sorted()
        guard rows.count == 3 + numbers.count + self.network.count + self.disks.count else { return }
        Self.set(&self.cpu.total, rows[0])
        for (offset, number) in numbers.enumerated() {
            guard var times = self.cpu.perCPU[number] else { continue }
            Self.set(&times, rows[1 + offset])
            self.cpu.perCPU[number] = times
        }
        let misc = rows[1 + numbers.count]
        self.cpu.contextSwitches = misc[0]
        self.cpu.interrupts = misc[1]
        self.cpu.softirqs = misc[2]
        self.cpu.bootTime = misc[3]
        self.cpu.processesCreated = misc[4]
        self.cpu.processesRunning = misc[5]
        self.cpu.processesBlocked = misc[6]
        if self.load != nil {
            self.load?.load1 = Double(bitPattern: misc[7] ?? 0)
            self.load?.load5 = Double(bitPattern: misc[8] ?? 0)
            self.load?.load15 = Double(bitPattern: misc[9] ?? 0)
            self.load?.runnable = misc[10] ?? 0
            self.load?.entities = misc[11] ?? 0
            self.load?.lastPID = misc[12] ?? 0
        }
        let firstInterface = 2 + numbers.count
        for index in self.network.indices { Self.set(&self.network[index], rows[firstInterface + index]) }
        let firstDisk = firstInterface + self.network.count
        for index in self.disks.indices { Self.set(&self.disks[index], rows[firstDisk + index]) }
        let pressure = rows[firstDisk + self.disks.count]
        PressureCounters.set(&self.cpuPressure, pressure, at: 0)
        PressureCounters.set(&self.memoryPressure, pressure, at: PressureCounter.count)
        PressureCounters.set(&self.ioPressure, pressure, at: 2 * PressureCounter.count)
    }

    private static func counters(_ times: CPUTimes?) -> [UInt64?] {
        [
            times?.user, times?.nice, times?.system, times?.idle, times?.iowait, times?.irq, times?.softirq,
            times?.steal, times?.guest, times?.guestNice,
        ]
    }

    private static func set(_ times: inout CPUTimes, _ row: [UInt64?]) {
        guard row.count == 10 else { return }
        times.user = row[0] ?? 0
        times.nice = row[1] ?? 0
        times.system = row[2] ?? 0
        times.idle = row[3] ?? 0
        times.iowait = row[4]
        times.irq = row[5]
        times.softirq = row[6]
        times.steal = row[7]
        times.guest = row[8]
        times.guestNice = row[9]
    }

    private static func set(_ interface: inout NetDevInterface, _ row: [UInt64?]) {
        guard row.count == 16 else { return }
        let values = row.map { $0 ?? 0 }
        (interface.rxBytes, interface.rxPackets, interface.rxErrors, interface.rxDropped) =
            (values[0], values[1], values[2], values[3])
        (interface.rxFifo, interface.rxFrame, interface.rxCompressed, interface.rxMulticast) =
            (values[4], values[5], values[6], values[7])
        (interface.txBytes, interface.txPackets, interface.txErrors, interface.txDropped) =
            (values[8], values[9], values[10], values[11])
        (interface.txFifo, interface.txCollisions, interface.txCarrier, interface.txCompressed) =
            (values[12], values[13], values[14], values[15])
    }

    private static func set(_ disk: inout DiskStat, _ row: [UInt64?]) {
        guard row.count == 17 else { return }
        (disk.readsCompleted, disk.readsMerged, disk.sectorsRead, disk.readTimeMs) =
            (row[0] ?? 0, row[1] ?? 0, row[2] ?? 0, row[3] ?? 0)
        (disk.writesCompleted, disk.writesMerged, disk.sectorsWritten, disk.writeTimeMs) =
            (row[4] ?? 0, row[5] ?? 0, row[6] ?? 0, row[7] ?? 0)
        (disk.ioInProgress, disk.ioTimeMs, disk.weightedIOTimeMs) = (row[8] ?? 0, row[9] ?? 0, row[10] ?? 0)
        (disk.discardsCompleted, disk.discardsMerged, disk.sectorsDiscarded) = (row[11], row[12], row[13])
        (disk.discardTimeMs, disk.flushesCompleted, disk.flushTimeMs) = (row[14], row[15], row[16])
    }
}

/// What identifies a disk row: a disk whose name, numbers or kind changed makes the node travel whole.
private struct DiskShape: Equatable {
    var name: String
    var major: UInt32
    var minor: UInt32
    var kind: BlockDeviceKind

    init(_ disk: DiskStat) {
        (self.name, self.major, self.minor, self.kind) = (disk.name, disk.major, disk.minor, disk.kind)
    }
}
