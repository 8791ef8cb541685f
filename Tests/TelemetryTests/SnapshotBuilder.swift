import KernelStats
import Telemetry

/// Small synthetic snapshots for rate tests.
enum SnapshotBuilder {
    static func cpu(user: UInt64, system: UInt64 = 0, idle: UInt64, iowait: UInt64 = 0) -> CPUTimes {
        CPUTimes(user: user, nice: 0, system: system, idle: idle, iowait: iowait, irq: 0, softirq: 0, steal: 0)
    }

    static func process(pid: Int32, starttime: UInt64, utime: UInt64, stime: UInt64 = 0) throws -> ProcessSnapshot {
        let tail =
            "0 0 0 0 0 0 0 \(utime) \(stime) 0 0 20 0 1 0 \(starttime) 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
        return ProcessSnapshot(stat: try PIDStat(parsing: "\(pid) (p) S 1 1 1 \(tail)"))
    }

    static func snapshot(
        at seconds: Double,
        cpu: CPUTimes,
        processes: [ProcessSnapshot] = [],
        interfaces: [NetDevInterface] = [],
        containers: [ContainerSnapshot] = []
    ) throws -> Snapshot {
        let stat = try ProcStat(parsing: "cpu \(cpu.user) 0 \(cpu.system) \(cpu.idle) \(cpu.iowait ?? 0) 0 0 0\n")
        return Snapshot(
            node: "n",
            wallTimeMilliseconds: 0,
            monotonicNanoseconds: UInt64(seconds * 1e9),
            clockTicksPerSecond: 100,
            pageSize: 4096,
            host: NodeStats(
                cpu: stat,
                memory: Meminfo(values: ["MemTotal": 1000, "MemAvailable": 250]),
                network: interfaces
            ),
            containers: containers,
            hostProcesses: processes
        )
    }

    static func interface(_ name: String, rx: UInt64, tx: UInt64) throws -> NetDevInterface {
        let dev = try NetDev(parsing: "\(name): \(rx) 1 0 0 0 0 0 0 \(tx) 1 0 0 0 0 0 0\n")
        guard let first = dev.interfaces.first else { preconditionFailure("one interface") }
        return first
    }
}
