/// The most one snapshot may hold, and the ranges its values must fall in: what the server's ingest accepts
/// (a snapshot past any of them is refused whole, never clamped) and what the agent keeps what it sends within
/// (it trims and says so instead of sending something the server would refuse). docs/wire-protocol.md lists
/// them with what happens when each is reached.
///
/// The defaults are generous for a 500-pod, 20,000-process node; what they bound is what one agent can make
/// the server hold and compute.
public struct SnapshotLimits: Sendable, Hashable {
    /// Processes in containers and on the host together.
    public var processes = 32_768
    /// Container entries (each pod's containers, its sandbox and its pod-level cgroup).
    public var containers = 4_096
    /// Pods the agent names (the kubelet's `maxPods` is 110 by default, 250 on the largest managed offers).
    public var pods = 1_024
    /// Containers listed in one pod's metadata (init and ephemeral containers included).
    public var containersPerPod = 64
    /// Labels of one pod or node, and annotations of one pod (Kubernetes sets no limit; a few dozen is a lot).
    public var labelsPerObject = 64
    /// CPU lines in `/proc/stat`; CPU numbers must also be below this.
    public var cpus = 8_192
    /// Interfaces of the host network namespace (one veth per pod) or of one pod's namespace.
    public var interfaces = 4_096
    /// Network namespaces whose interfaces are listed.
    public var networkNamespaces = 2_048
    /// Block devices in `/proc/diskstats`.
    public var disks = 1_024
    /// Keys in `/proc/meminfo` or `/proc/vmstat` (a current kernel has ~60 and ~180).
    public var kernelKeys = 1_024
    /// Reads that failed, as listed in one snapshot.
    public var issues = 256
    /// Node conditions.
    public var conditions = 64
    /// Entries in each list of the kubelet status: eviction signals (six exist), reserved resources, failed
    /// endpoints (ten exist).
    public var kubeletEntries = 32
    /// Lines of one process's `/proc/PID/cgroup`.
    public var cgroupMemberships = 64
    /// IDs in one process's status `Uid`, `Gid` or `NSpid` line.
    public var statusIDs = 64
    /// Arguments of one command line (a compiler's run past a thousand; the byte limit below cuts them anyway).
    public var arguments = 1_024
    /// Bytes of one command line, all arguments together (the agent cuts longer ones and marks them with `…`).
    public var commandLineBytes = 4_096
    /// Bytes of a name: node, namespace, pod, container, workload, UID, container ID, interface, disk, condition
    /// type (Kubernetes' longest, a DNS subdomain, is 253).
    public var nameBytes = 253
    /// Bytes of free text: messages, reasons, images, versions, CPU lists, the process state.
    public var textBytes = 1_024
    /// Bytes of a path: cgroup paths, the node's network source.
    public var pathBytes = 4_096
    /// Load averages (a load of a million is already absurd; Linux computes them in fixed point far below this).
    public var loadAverages: ClosedRange<Double> = 0...1_000_000
    /// PSI averages, a percentage of time.
    public var pressureAverages: ClosedRange<Double> = 0...100
    /// `USER_HZ` (100 on every Linux architecture today).
    public var clockTicksPerSecond: ClosedRange<UInt64> = 1...10_000
    /// Bytes per page: a power of two (4 KiB … 1 MiB).
    public var pageSizes: ClosedRange<UInt64> = 4_096...(1 << 20)
    /// PIDs (`pid_max` is at most 2^22).
    public var pids: ClosedRange<Int32> = 1...(1 << 22)
    /// Wall clock of a pass, milliseconds since the epoch, up to the end of year 9999 (the server times what it
    /// receives by its own clock; this only keeps the agent's from being absurd).
    public var wallTimeMilliseconds: ClosedRange<Int64> = 0...253_402_300_799_999
    /// Kubernetes quantities as the agent reads them: millicores and bytes, never negative.
    public var quantities: ClosedRange<Int64> = 0...(1 << 62)

    public init() {}

    /// The limits ingest enforces unless configured otherwise.
    public static let standard = SnapshotLimits()
}
