public import KubeClient
import Synchronization
public import Telemetry

/// The agent's own health for its `/metrics` (`--metrics-port`): passes and their duration, what could not be
/// read, its memory and descriptors, and the uplink's connections, bytes and snapshots that were never sent.
/// The sampler and the uplink record into it; the HTTP service reads it.
public final class AgentMetrics: Sendable {
    /// Upper bounds of the pass-duration histogram, seconds.
    static let passBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct State {
        var passes: UInt64 = 0
        var passFailures: UInt64 = 0
        var passBucketCounts = [UInt64](repeating: 0, count: AgentMetrics.passBuckets.count)
        var passSeconds = 0.0
        var readIssues: UInt64 = 0
        /// By the kind of file (`stat`, `io`, `memory.stat`, `net/dev`, …): the last part of its path.
        var readIssuesByKind: [String: UInt64] = [:]
        var lastPassMonotonic: ContinuousClock.Instant?
        var processes = 0
        var containers = 0
        var residentBytes: UInt64?
        var cgroupBytes: UInt64?
        var descriptorsKept: UInt32 = 0
        var connections: UInt64 = 0
        var connectionFailures: UInt64 = 0
        var framesSent: UInt64 = 0
        var bytesSent: UInt64 = 0
        var snapshotsDropped: UInt64 = 0
        /// The Kubernetes API watch loops, for their restart counts (nil without the API).
        var directory: ClusterDirectory?
    }

    let state = Mutex(State())

    public init() {}

    /// One pass: how long it took and what it saw.
    public func pass(_ snapshot: Snapshot, seconds: Double, at instant: ContinuousClock.Instant = .now) {
        self.state.withLock { state in
            state.passes += 1
            state.passSeconds += seconds
            if let bucket = Self.passBuckets.firstIndex(where: { seconds <= $0 }) {
                state.passBucketCounts[bucket] += 1
            }
            state.readIssues += UInt64(snapshot.errors.count)
            for issue in snapshot.errors { state.readIssuesByKind[Self.kind(of: issue.file), default: 0] += 1 }
            state.lastPassMonotonic = instant
            state.containers = snapshot.containers.count
            state.processes = snapshot.containers.reduce(snapshot.hostProcesses.count) { $0 + $1.processes.count }
            state.residentBytes = snapshot.agent?.residentBytes
            state.cgroupBytes = snapshot.agent?.memoryBytes
            state.descriptorsKept = snapshot.agent?.descriptorsKept ?? 0
        }
    }

    /// A file's kind: its name, with `net/dev` kept whole; names the agent does not read are `other` (the label's
    /// values stay a small fixed set whatever a path holds).
    static func kind(of file: String) -> String {
        if file.hasSuffix("/net/dev") { return "net/dev" }
        let name = file.split(separator: "/").last.map(String.init) ?? ""
        return Self.fileKinds.contains(name) ? name : "other"
    }

    static let fileKinds: Set<String> = [
        "stat", "status", "io", "statm", "cmdline", "cgroup", "meminfo", "loadavg", "vmstat", "diskstats",
        "memory.stat", "memory.current", "memory.max", "memory.usage_in_bytes", "memory.limit_in_bytes",
        "memory.events", "cpu.stat", "cpu.max", "cpuacct.usage", "cpuacct.stat", "cpu.cfs_quota_us",
        "cpu.cfs_period_us", "io.stat", "blkio.throttle.io_service_bytes", "pids.current", "pids.max",
        "cpu.pressure", "memory.pressure", "io.pressure", "cgroup.procs", "tasks",
    ]

    /// Passes recorded so far.
    public var passCount: UInt64 { self.state.withLock { $0.passes } }

    public func passFailed() { self.state.withLock { $0.passFailures += 1 } }
    public func connected() { self.state.withLock { $0.connections += 1 } }
    public func connectionFailed() { self.state.withLock { $0.connectionFailures += 1 } }
    public func sent(bytes: Int) {
        self.state.withLock { state in
            state.framesSent += 1
            state.bytesSent += UInt64(max(0, bytes))
        }
    }
    /// A snapshot replaced in the mailbox before any connection took it (the server was unreachable).
    public func dropped() { self.state.withLock { $0.snapshotsDropped += 1 } }
    /// Reports the watch loops' restarts from `directory` (`podwatch_agent_kube_watch_restarts_total`).
    public func watching(_ directory: ClusterDirectory) { self.state.withLock { $0.directory = directory } }

    /// Healthy while a pass finished within `within` (three intervals, as the liveness file's check).
    public func isHealthy(within: Duration, now: ContinuousClock.Instant = .now) -> Bool {
        self.state.withLock { state in state.lastPassMonotonic.map { now - $0 <= within } ?? false }
    }
}
