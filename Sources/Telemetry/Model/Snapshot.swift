/// Everything one agent pass saw on one node: the node's counters, every container's cgroup and
/// processes, the host's own processes, and what could not be read.
///
/// Counters are cumulative; ``SnapshotRates`` turns two snapshots into per-second values. Field names in
/// JSON are the snake_case of these names (docs/metrics.md).
public struct Snapshot: Sendable, Codable, Hashable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {
        self.init(
            node: "",
            wallTimeMilliseconds: 0,
            monotonicNanoseconds: 0,
            clockTicksPerSecond: 100,
            pageSize: 4096,
            host: NodeStats()
        )
    }

    /// The node name the agent reports as.
    public var node: String
    /// Wall-clock time of the pass, milliseconds since the Unix epoch.
    public var wallTimeMilliseconds: Int64
    /// CLOCK_MONOTONIC at the pass, nanoseconds: the only clock rates are computed with.
    public var monotonicNanoseconds: UInt64
    /// USER_HZ, the unit of `/proc/*/stat` CPU fields (normally 100).
    public var clockTicksPerSecond: UInt64
    /// Bytes per page, the unit of `/proc/PID/stat rss` and `statm`.
    public var pageSize: UInt64
    /// Node-wide counters.
    public var host: NodeStats
    /// One entry per container, plus one per pod for processes placed directly in the pod cgroup.
    public var containers: [ContainerSnapshot]
    /// Processes that belong to no pod (system services, kernel threads, the agent itself).
    public var hostProcesses: [ProcessSnapshot]
    /// Interfaces of every network namespace a sampled process is in, read once per namespace.
    public var networkNamespaces: [NetworkNamespace]
    /// Reads that failed this pass (a vanished process is not a failure and is not listed).
    public var errors: [CollectionIssue]
    /// Names and state of the node's pods, as far as the agent knows them.
    public var pods: [PodMetadata] = []
    /// The node's Node object and the agent's API status; nil when the agent runs without the Kubernetes API.
    public var nodeInfo: NodeInfo?
    /// The agent's own cost and how this pass read; nil from agents that do not report it.
    public var agent: AgentStats?
    /// What eBPF saw since the previous pass; nil when the agent runs without eBPF (`--no-ebpf`).
    public var kernelSignals: KernelSignals?

    public init(
        node: String,
        wallTimeMilliseconds: Int64,
        monotonicNanoseconds: UInt64,
        clockTicksPerSecond: UInt64,
        pageSize: UInt64,
        host: NodeStats,
        containers: [ContainerSnapshot] = [],
        hostProcesses: [ProcessSnapshot] = [],
        networkNamespaces: [NetworkNamespace] = [],
        errors: [CollectionIssue] = []
    ) {
        self.node = node
        self.wallTimeMilliseconds = wallTimeMilliseconds
        self.monotonicNanoseconds = monotonicNanoseconds
        self.clockTicksPerSecond = clockTicksPerSecond
        self.pageSize = pageSize
        self.host = host
        self.containers = containers
        self.hostProcesses = hostProcesses
        self.networkNamespaces = networkNamespaces
        self.errors = errors
    }

    /// Every process, in pods or not.
    public var allProcesses: [ProcessSnapshot] {
        self.containers.flatMap(\.processes) + self.hostProcesses
    }

    /// The process with this PID, found without copying every process into one array (`allProcesses`).
    public func process(pid: Int32) -> ProcessSnapshot? {
        for container in self.containers {
            if let process = container.processes.first(where: { $0.pid == pid }) { return process }
        }
        return self.hostProcesses.first { $0.pid == pid }
    }
}

/// A read that failed: which file, and why. Shown to users instead of a silent zero.
public struct CollectionIssue: Sendable, Codable, Hashable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {
        self.init(file: "", message: "")
    }

    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
}

/// One network namespace's interfaces.
public struct NetworkNamespace: Sendable, Codable, Hashable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {
        self.init(inode: 0, isHost: false, interfaces: [])
    }

    /// The namespace inode (`/proc/PID/ns/net` → `net:[inode]`).
    public var inode: UInt64
    /// Whether this is the host's namespace (PID 1's).
    public var isHost: Bool
    public var interfaces: [NetDevInterface]

    public init(inode: UInt64, isHost: Bool, interfaces: [NetDevInterface]) {
        self.inode = inode
        self.isHost = isHost
        self.interfaces = interfaces
    }
}
