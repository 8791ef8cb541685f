public import KernelTracing
public import Telemetry

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Joins what the kernel maps hold (by cgroup id, network namespace inode and device number) to the pass's
/// containers and pods, and keeps the latest OOM kills and ended processes from pass to pass.
public struct KernelSignalsJoin: Sendable {
    /// OOM kills and ended exec'd processes kept and sent with every snapshot (newest last): ended processes
    /// per pod (the host's count as one), so that a busy neighbour never pushes a pod's out.
    static let keptOOMKills = 16
    static let keptExitsPerPod = 8
    static let keptExits = 64
    /// Remote endpoints listed per pod.
    static let endpointsPerPod = 5

    private var inodes: [String: UInt64] = [:]
    private var previousMonotonic: UInt64?
    private var oomKills: [KernelSignals.ProcessEvent] = []
    private var exits: [KernelSignals.ProcessEvent] = []

    public init() {}

    /// Puts this pass's kernel signals into `snapshot`.
    public mutating func apply(
        _ raw: RawKernelSignals,
        signals: [KernelSignals.Signal],
        to snapshot: inout Snapshot
    ) {
        var result = KernelSignals()
        result.signals = signals
        var interval: UInt64?
        if let previous = self.previousMonotonic, snapshot.monotonicNanoseconds > previous {
            interval = snapshot.monotonicNanoseconds - previous
            result.intervalMilliseconds = Int64(clamping: (snapshot.monotonicNanoseconds - previous) / 1_000_000)
        }
        self.previousMonotonic = snapshot.monotonicNanoseconds
        let raw = Self.scaled(raw, to: interval)
        var byCgroup: [UInt64: Int] = [:]
        // A namespace is a pod's only when one pod is in it: the host's (hostNetwork pods) is nobody's.
        let host = Set(snapshot.networkNamespaces.filter(\.isHost).map(\.inode))
        var podsOfNamespace: [UInt64: Set<String>] = [:]
        var live: [String: UInt64] = [:]
        for (index, container) in snapshot.containers.enumerated() {
            if let namespace = container.networkNamespace, !host.contains(namespace), !container.identity.podUID.isEmpty
            {
                podsOfNamespace[namespace, default: []].insert(container.identity.podUID)
            }
            guard let path = container.cgroupPath, let inode = self.inodes[path] ?? Self.inode(path) else { continue }
            live[path] = inode
            byCgroup[inode] = index
        }
        self.inodes = live
        func identity(_ cgroup: UInt64) -> (pod: String, container: String) {
            guard let index = byCgroup[cgroup] else { return ("", "") }
            let identity = snapshot.containers[index].identity
            return (identity.podUID, identity.containerID ?? "")
        }
        // Every task is in some cgroup: the node's run-queue latency is the sum of theirs.
        var node = KernelSignals.Histogram()
        for buckets in raw.runqueue.values { node.add(KernelSignals.Histogram(buckets: buckets)) }
        result.nodeRunqueue = Self.histogram(node.buckets)
        result.nodeSyscalls = raw.syscalls.values.reduce(0, &+)
        var containers: [Int: KernelSignals.Container] = [:]
        func update(_ cgroup: UInt64, _ change: (inout KernelSignals.Container) -> Void) {
            guard cgroup != 0, let index = byCgroup[cgroup] else { return }
            let (pod, container) = identity(cgroup)
            var entry = containers[index] ?? KernelSignals.Container(podUID: pod, containerID: container)
            change(&entry)
            containers[index] = entry
        }
        for (cgroup, buckets) in raw.runqueue { update(cgroup) { $0.runqueue = Self.histogram(buckets) } }
        for (cgroup, buckets) in raw.blockByCgroup { update(cgroup) { $0.blockIO = Self.histogram(buckets) } }
        for (cgroup, count) in raw.syscalls { update(cgroup) { $0.syscalls = count } }
        for (cgroup, count) in raw.execs { update(cgroup) { $0.execs = count } }
        let now = Self.bootNanoseconds()
        for event in raw.events {
            let (pod, container) = identity(event.cgroup)
            let age = now > event.bootNanoseconds ? (now - event.bootNanoseconds) / 1_000_000 : 0
            var process = KernelSignals.ProcessEvent(
                podUID: pod,
                containerID: container,
                pid: event.pid,
                command: event.command,
                timeMilliseconds: snapshot.wallTimeMilliseconds - Int64(clamping: age)
            )
            switch event.kind {
            case .oomKill:
                update(event.cgroup) { $0.oomKills += 1 }
                if let index = byCgroup[event.cgroup], let cgroup = snapshot.containers[index].cgroup {
                    process.limitBytes = cgroup.memoryLimitBytes
                    process.usageBytes = cgroup.memoryUsageBytes
                }
                self.oomKills.append(process)
            case .exit(let lifetime):
                process.lifetimeMicros = lifetime / 1000
                self.exits.append(process)
            }
        }
        self.oomKills = Array(self.oomKills.suffix(Self.keptOOMKills))
        self.exits = Self.newest(self.exits, perPod: Self.keptExitsPerPod, total: Self.keptExits)
        result.containers = containers.sorted { $0.key < $1.key }.map(\.value)
        result.retransmits = Self.retransmits(
            raw,
            pods: podsOfNamespace.compactMapValues { $0.count == 1 ? $0.first : nil }
        )
        result.devices = raw.blockByDevice.sorted { $0.key < $1.key }.map { number, buckets in
            let device = "\(number >> 20):\(number & 0xFFFFF)"
            return KernelSignals.Device(device: device, name: Self.deviceName(device), latency: Self.histogram(buckets))
        }
        result.oomKills = self.oomKills
        result.exits = self.exits
        result.dropped = raw.droppedEvents &+ raw.unread
        snapshot.kernelSignals = result
    }

    /// Sampled counts scaled to the whole interval (syscalls traced 200 ms of 5 s count 25 times): rates then read
    /// the same whether a signal is sampled or not. Histograms are left as the windows saw them (their quantiles
    /// do not depend on the share). Saturating: a count past UInt64 is the largest.
    static func scaled(_ raw: RawKernelSignals, to interval: UInt64?) -> RawKernelSignals {
        // No window this pass (the kernel refused to attach): nothing was counted, there is nothing to scale.
        guard let sampled = raw.sampledNanoseconds, sampled > 0, let interval else { return raw }
        var result = raw
        let factor = Double(interval) / Double(sampled)
        result.syscalls = raw.syscalls.mapValues { count in
            let value = (Double(count) * factor).rounded()
            return value < 18_000_000_000_000_000_000 ? UInt64(value) : .max
        }
        return result
    }

    private static func retransmits(_ raw: RawKernelSignals, pods: [UInt64: String]) -> [KernelSignals.Retransmits] {
        var endpoints: [UInt64: [KernelSignals.Endpoint]] = [:]
        for endpoint in raw.endpoints {
            endpoints[endpoint.networkNamespace, default: []].append(
                .init(address: endpoint.address, port: UInt32(endpoint.port), retransmits: endpoint.count)
            )
        }
        return raw.retransmits.sorted { $0.key < $1.key }.map { namespace, count in
            let top = (endpoints[namespace] ?? []).sorted { $0.retransmits > $1.retransmits }
            return KernelSignals.Retransmits(
                podUID: pods[namespace] ?? "",
                networkNamespace: namespace,
                retransmits: count,
                endpoints: Array(top.prefix(Self.endpointsPerPod))
            )
        }
    }

    /// The newest events, at most `perPod` of each pod and `total` in all, oldest first.
    static func newest(
        _ events: [KernelSignals.ProcessEvent],
        perPod: Int,
        total: Int
    ) -> [KernelSignals.ProcessEvent] {
        var counts: [String: Int] = [:]
        var kept: [KernelSignals.ProcessEvent] = []
        for event in events.reversed() where kept.count < total {
            let count = counts[event.podUID, default: 0]
            guard count < perPod else { continue }
            counts[event.podUID] = count + 1
            kept.append(event)
        }
        return kept.reversed()
    }

    /// Without the empty buckets past the last used one: the server keeps every container's entry.
    static func histogram(_ buckets: [UInt64]) -> KernelSignals.Histogram {
        KernelSignals.Histogram(buckets: Array(buckets[..<(buckets.lastIndex { $0 != 0 }.map { $0 + 1 } ?? 0)]))
    }

    /// The inode of a cgroup directory: the id the kernel keys its tasks by.
    static func inode(_ path: String) -> UInt64? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return UInt64(status.st_ino)
    }

    /// `vda` for `254:0`, from the /sys/dev/block link; empty when unknown.
    static func deviceName(_ device: String) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let length = readlink("/sys/dev/block/\(device)", &buffer, buffer.count - 1)
        guard length > 0 else { return "" }
        let target = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(target.split(separator: "/").last ?? "")
    }

    static func bootNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_BOOTTIME, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
