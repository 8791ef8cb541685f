/// What the agent itself costs the node, as Kubernetes counts it, and how it read this pass. Sent in every
/// snapshot and shown on the node's page, so that the monitor's own cost is never hidden.
public struct AgentStats: Sendable, Codable, Hashable {
    /// The agent's memory cgroup usage (anon, page cache and kernel memory charged to it): what the kubelet
    /// holds against the DaemonSet's memory limit and `kubectl top` shows. nil when it cannot be read.
    public var memoryBytes: UInt64?
    /// Of which kernel memory (v1 `memory.kmem.usage_in_bytes`, v2 `memory.stat` `kernel`).
    public var kernelMemoryBytes: UInt64?
    /// VmRSS of the agent process.
    public var residentBytes: UInt64?
    /// Descriptors kept open between passes, and how many may be (`--descriptor-budget`).
    public var descriptorsKept: UInt32 = 0
    public var descriptorBudget: UInt32 = 0
    /// Opens this pass that found no descriptor left (RLIMIT_NOFILE reached): those files were not read.
    public var descriptorShortfalls: UInt32 = 0
    /// Files read this pass by open, read and close (no kept descriptor).
    public var transientReads: UInt32 = 0
    /// Processes of idle containers whose files were not read this pass (their last sample stands).
    public var processesSkipped: UInt32 = 0

    public init() {}
}
