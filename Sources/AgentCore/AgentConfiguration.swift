/// Everything the agent needs to know, with defaults. Flags and environment variables map onto it in
/// the `Agent` executable (see `AgentConfiguration+Environment.swift` for the keys).
public struct AgentConfiguration: Sendable, Hashable {
    /// The node name reported to the server (`NODE_NAME`, default the hostname).
    public var nodeName: String
    /// Where procfs is mounted: `/proc`, or `/host/proc` in the DaemonSet.
    public var procRoot: String
    /// Where sysfs is mounted: `/sys`, or `/host/sys`.
    public var sysRoot: String
    /// Where the cgroup filesystem is mounted: `/sys/fs/cgroup`, or `/host/sys/fs/cgroup`.
    public var cgroupRoot: String
    /// Time between collection passes.
    public var interval: Duration
    /// When per-process files other than `stat` are re-read (every pass when `refreshPasses` is 1).
    public var readPolicy: ReadPolicy
    /// Report only these pods (a dev agent sharing the machine with others); nil reports every pod.
    public var podFilter: Set<String>?
    /// Descriptors the collector may keep open between passes (`--descriptor-budget`); each pins ~4.6 KB of
    /// kernel memory charged to the agent's cgroup, so the default keeps that under 5 MB. Always within
    /// RLIMIT_NOFILE less ``DescriptorLimit/reserved``.
    public var descriptorBudget = 1_024
    /// Whether processes of containers whose cgroup CPU and memory counters did not move are left unread
    /// (`--no-idle-skip` reads every process every pass, for benchmarks).
    public var skipIdleContainers = true

    public init(
        nodeName: String,
        procRoot: String = "/proc",
        sysRoot: String = "/sys",
        cgroupRoot: String? = nil,
        interval: Duration = .seconds(5),
        readPolicy: ReadPolicy = ReadPolicy()
    ) {
        self.nodeName = nodeName
        self.procRoot = procRoot
        self.sysRoot = sysRoot
        self.cgroupRoot = cgroupRoot ?? "\(sysRoot)/fs/cgroup"
        self.interval = interval
        self.readPolicy = readPolicy
        self.podFilter = nil
    }
}
