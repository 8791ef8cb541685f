import KernelStats
import Telemetry

/// Reads the node-wide files through kept descriptors: /proc/stat, meminfo, vmstat, loadavg, diskstats,
/// pressure, and the host namespace's net/dev.
///
/// The node's network comes from `<proc>/1/net/dev` when the agent's own network namespace is not the
/// host's (a pod without hostNetwork): `<proc>/net/dev` would be the agent pod's own traffic.
final class NodeReader {
    private let procRoot: String
    private let sysRoot: String
    private var files: [String: KernelFile] = [:]
    private var absent: Set<String> = []
    private var wholeDisks: Set<String> = []
    private var knownDevices: [String] = []
    /// The file the node network is read from.
    let networkSource: String
    /// The host network namespace inode, when readable.
    let hostNetworkNamespace: UInt64?

    init(procRoot: String, sysRoot: String) {
        self.procRoot = procRoot
        self.sysRoot = sysRoot
        let own = NamespaceLink.inode("\(procRoot)/self/ns/net")
        let host = NamespaceLink.inode("\(procRoot)/1/ns/net")
        self.hostNetworkNamespace = host
        // Unknown (no permission to read PID 1's link) also goes to PID 1's file: in a pod the agent's
        // own namespace is never the right answer.
        self.networkSource = own != nil && own == host ? "\(procRoot)/net/dev" : "\(procRoot)/1/net/dev"
    }

    /// Reads every node file; a failure of one optional file is recorded and the rest still read.
    func read(into buffer: inout ReadBuffer, issues: inout [CollectionIssue]) throws(KernelStatsError) -> NodeStats {
        let cpu = try self.parse("stat", ProcStat.self, &buffer)
        let memory = try self.parse("meminfo", Meminfo.self, &buffer)
        var node = NodeStats(cpu: cpu, memory: memory, networkSource: self.networkSource)
        node.vmstat = self.optional("vmstat", Vmstat.self, &buffer, &issues)
        node.load = self.optional("loadavg", LoadAvg.self, &buffer, &issues)
        node.cpuPressure = self.optional("pressure/cpu", Pressure.self, &buffer, &issues)
        node.memoryPressure = self.optional("pressure/memory", Pressure.self, &buffer, &issues)
        node.ioPressure = self.optional("pressure/io", Pressure.self, &buffer, &issues)
        node.network =
            self.optional(self.networkSource, NetDev.self, &buffer, &issues, absolute: true)?.interfaces ?? []
        if var disks = self.optional("diskstats", DiskStats.self, &buffer, &issues)?.devices {
            self.classify(&disks)
            node.disks = disks
        }
        return node
    }

    /// Marks each device whole disk, partition or virtual from /sys/block, re-listing it only when the
    /// set of devices changes.
    private func classify(_ disks: inout [DiskStat]) {
        let names = disks.map(\.name)
        if names != self.knownDevices {
            self.knownDevices = names
            self.wholeDisks = Set((try? Directory.names("\(self.sysRoot)/block")) ?? [])
        }
        for index in disks.indices {
            disks[index].kind =
                self.wholeDisks.isEmpty
                ? .unknown : BlockDeviceKind.classify(disks[index].name, wholeDisks: self.wholeDisks)
        }
    }

    private func parse<T: KernelFileParsable>(
        _ name: String,
        _ type: T.Type,
        _ buffer: inout ReadBuffer,
        absolute: Bool = false
    ) throws(KernelStatsError) -> T {
        let path = absolute ? name : "\(self.procRoot)/\(name)"
        let file: KernelFile
        if let open = self.files[path] {
            file = open
        } else {
            file = try KernelFile(path: path)
            self.files[path] = file
        }
        do {
            return try file.parse(type, buffer: &buffer)
        } catch {
            // A kept descriptor that failed is reopened next pass.
            self.files[path] = nil
            throw error
        }
    }

    /// A file that may legitimately not exist (pressure without PSI): absent → nil, once, silently;
    /// any other failure → nil and an issue.
    private func optional<T: KernelFileParsable>(
        _ name: String,
        _ type: T.Type,
        _ buffer: inout ReadBuffer,
        _ issues: inout [CollectionIssue],
        absolute: Bool = false
    ) -> T? {
        guard !self.absent.contains(name) else { return nil }
        do {
            return try self.parse(name, type, &buffer, absolute: absolute)
        } catch  where error.kind == .gone {
            self.absent.insert(name)
            return nil
        } catch {
            issues.append(CollectionIssue(error))
            return nil
        }
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension NodeReader: Sendable {}
