import NodeStore
import Telemetry

/// A node's series under node_exporter's names (`node_cpu_seconds_total`, `node_memory_MemAvailable_bytes`,
/// `node_network_receive_bytes_total`, `node_disk_read_bytes_total`, `node_load1`…).
enum NodeSeries {
    static func write(_ node: NodeState, _ writer: inout PrometheusWriter) {
        let snapshot = node.snapshot
        let host = snapshot.host
        let name = node.name
        let ticks = Double(max(1, snapshot.clockTicksPerSecond))
        writer.family("node_cpu_seconds_total", .counter, "Seconds the CPUs spent in each mode (/proc/stat).")
        for (cpu, times) in host.cpu.perCPU.sorted(by: { $0.key < $1.key }) {
            let modes: [(String, UInt64?)] = [
                ("user", times.user), ("nice", times.nice), ("system", times.system), ("idle", times.idle),
                ("iowait", times.iowait), ("irq", times.irq), ("softirq", times.softirq), ("steal", times.steal),
            ]
            for (mode, value) in modes {
                writer.sample(
                    "node_cpu_seconds_total",
                    ["node": name, "cpu": String(cpu), "mode": mode],
                    value.map { Double($0) / ticks }
                )
            }
        }
        for (key, value) in host.memory.values.sorted(by: { $0.key < $1.key }) {
            let metric = Self.memoryName(key)
            writer.family(metric, .gauge, "Memory information field \(key) (/proc/meminfo).")
            writer.sample(metric, ["node": name], Double(value))
        }
        if let load = host.load {
            for (metric, value) in [
                ("node_load1", load.load1), ("node_load5", load.load5), ("node_load15", load.load15),
            ] {
                writer.family(metric, .gauge, "Load average (/proc/loadavg).")
                writer.sample(metric, ["node": name], value)
            }
        }
        let network: [(String, KeyPath<NetDevInterface, UInt64>, String)] = [
            ("node_network_receive_bytes_total", \.rxBytes, "Bytes received"),
            ("node_network_transmit_bytes_total", \.txBytes, "Bytes sent"),
            ("node_network_receive_packets_total", \.rxPackets, "Packets received"),
            ("node_network_transmit_packets_total", \.txPackets, "Packets sent"),
            ("node_network_receive_errs_total", \.rxErrors, "Receive errors"),
            ("node_network_transmit_errs_total", \.txErrors, "Transmit errors"),
            ("node_network_receive_drop_total", \.rxDropped, "Received packets dropped"),
            ("node_network_transmit_drop_total", \.txDropped, "Packets dropped before sending"),
        ]
        for (metric, field, help) in network {
            writer.family(metric, .counter, "\(help), per interface of the node's network namespace (/proc/net/dev).")
            for interface in host.network {
                writer.sample(metric, ["node": name, "device": interface.name], Double(interface[keyPath: field]))
            }
        }
        let disks: [(String, (DiskStat) -> Double, String)] = [
            ("node_disk_read_bytes_total", { Double($0.sectorsRead) * 512 }, "Bytes read"),
            ("node_disk_written_bytes_total", { Double($0.sectorsWritten) * 512 }, "Bytes written"),
            ("node_disk_reads_completed_total", { Double($0.readsCompleted) }, "Reads completed"),
            ("node_disk_writes_completed_total", { Double($0.writesCompleted) }, "Writes completed"),
            ("node_disk_io_time_seconds_total", { Double($0.ioTimeMs) / 1000 }, "Seconds spent doing I/O"),
        ]
        for (metric, value, help) in disks {
            writer.family(metric, .counter, "\(help) (/proc/diskstats).")
            for disk in host.disks {
                writer.sample(metric, ["node": name, "device": disk.name], value(disk))
            }
        }
    }

    /// node_exporter's meminfo names: `Active(anon)` → `node_memory_Active_anon_bytes`; unit-less keys
    /// (`HugePages_Total`) without `_bytes`.
    static func memoryName(_ key: String) -> String {
        var clean = ""
        for character in key {
            if character.isASCII, character.isLetter || character.isNumber || character == "_" {
                clean.append(character)
            } else if character == "(" {
                clean.append("_")
            }
        }
        return key.hasPrefix("HugePages_") ? "node_memory_\(clean)" : "node_memory_\(clean)_bytes"
    }
}
