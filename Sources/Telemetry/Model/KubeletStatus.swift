/// What the node's kubelet says about itself, read by the agent from the kubelet's HTTP API (`/healthz`,
/// `/healthz/syncloop`, `/configz`, `/stats/summary`) beside its own sampling. Each endpoint that could not be read
/// leaves its part unknown and says why in ``errors``.
public struct KubeletStatus: Sendable, Codable, Hashable {
    /// Where the agent reached the kubelet (`https://10.0.0.5:10250`, or the read-only port).
    public var endpoint: String = ""
    /// `/healthz` answered `ok`; nil when it could not be asked.
    public var healthy: Bool?
    /// How long `/healthz` took to answer, in microseconds.
    public var healthLatencyMicros: Int64?
    /// `/healthz/syncloop` answered `ok` (the pod sync loop is running).
    public var syncLoopHealthy: Bool?
    /// Eviction thresholds from `/configz` with the node's current reading of each signal.
    public var evictionSignals: [EvictionSignal] = []
    /// Node and image filesystems from `/stats/summary` (bytes and inodes).
    public var nodeFsCapacityBytes: UInt64?
    public var nodeFsAvailableBytes: UInt64?
    public var nodeFsInodes: UInt64?
    public var nodeFsInodesFree: UInt64?
    public var imageFsCapacityBytes: UInt64?
    public var imageFsAvailableBytes: UInt64?
    /// Reserved resources from `/configz` (`kubeReserved`, `systemReserved`), as configured (`cpu=500m`, …).
    public var reserved: [String] = []
    /// The endpoints that failed this round, each with why.
    public var errors: [KubeletEndpointError] = []
    /// How many pods the kubelet's `/pods` lists; nil when it could not be read.
    public var kubeletPods: Int64?
    /// Where the kubelet's pods and the API server's list for this node disagree (eventual consistency made
    /// visible); empty when they agree or when either side is unknown.
    public var podDifferences: [KubeletPodDifference] = []
    /// Liveness, readiness and startup probe results per container (`/metrics/probes`).
    public var probes: [ProbeResult] = []
    /// The kubelet's own health (`/metrics`): average pod start and PLEG relist time since it started, in
    /// seconds, and container runtime operation errors by operation (the runtime's health).
    public var podStartSecondsAverage: Double?
    public var plegRelistSecondsAverage: Double?
    public var runtimeOperationErrors: [RuntimeOperationErrors] = []
    /// Machine capacity: from the kubelet's `/spec` where it still serves it, else the Node object's capacity;
    /// ``machineSource`` says which.
    public var machineCores: Int64?
    public var machineMemoryBytes: UInt64?
    public var machineSource: String = ""
    /// Per pod and container, as the kubelet's `/stats/summary` sees them: ephemeral storage used, and the
    /// kubelet's own CPU and memory readings (held against the agent's cgroup readings on the node page).
    public var podStats: [KubeletPodStats] = []

    public init() {}

    /// Node filesystem use in percent; nil without `/stats/summary`.
    public var nodeFsUsedPercent: Double? {
        guard let capacity = self.nodeFsCapacityBytes, let available = self.nodeFsAvailableBytes, capacity > 0 else {
            return nil
        }
        return (Double(capacity) - Double(min(available, capacity))) / Double(capacity) * 100
    }

    /// The signal closest to its hard threshold, if any has a known headroom.
    public var tightestSignal: EvictionSignal? {
        self.evictionSignals.filter { $0.headroomPercent != nil }.min {
            ($0.headroomPercent ?? 0) < ($1.headroomPercent ?? 0)
        }
    }
}

/// One eviction signal (`memory.available`, `nodefs.available`, `nodefs.inodesFree`, `imagefs.available`,
/// `imagefs.inodesFree`, `pid.available`): its thresholds as configured and resolved, and the node's reading.
public struct EvictionSignal: Sendable, Codable, Hashable {
    public var signal: String = ""
    /// As configured in the kubelet (`100Mi`, `10%`); empty when that kind of threshold is not set.
    public var hard: String = ""
    public var soft: String = ""
    /// The thresholds in the signal's unit (bytes, inodes or PIDs), resolved against ``capacity``.
    public var hardThreshold: UInt64?
    public var softThreshold: UInt64?
    /// What is available now, and of how much (bytes, inodes or PIDs); nil when the agent has no reading.
    public var available: UInt64?
    public var capacity: UInt64?

    public init() {}

    public init(signal: String, hard: String = "", soft: String = "") {
        self.signal = signal
        self.hard = hard
        self.soft = soft
    }

    /// How far the node is from hard eviction, in percent of capacity: (available − hard threshold) / capacity.
    /// Zero or below means the kubelet is evicting. nil when a part is unknown.
    public var headroomPercent: Double? {
        guard let available = self.available, let capacity = self.capacity, capacity > 0 else { return nil }
        let threshold = self.hardThreshold ?? self.softThreshold ?? 0
        return (Double(available) - Double(threshold)) / Double(capacity) * 100
    }
}

/// A pod one side has and the other lacks, or whose phase differs: the kubelet's phase and the API's (empty where
/// that side does not have the pod), and since when (agent wall clock, milliseconds) the difference has lasted.
public struct KubeletPodDifference: Sendable, Codable, Hashable {
    public var namespace: String = ""
    public var name: String = ""
    public var kubeletPhase: String = ""
    public var apiPhase: String = ""
    public var sinceMilliseconds: Int64 = 0

    public init() {}

    public init(namespace: String, name: String, kubeletPhase: String, apiPhase: String, sinceMilliseconds: Int64) {
        self.namespace = namespace
        self.name = name
        self.kubeletPhase = kubeletPhase
        self.apiPhase = apiPhase
        self.sinceMilliseconds = sinceMilliseconds
    }
}

/// One probe of one container, from the kubelet's `prober_probe_total` counter: results since the kubelet
/// started, failures in the last minute, and when the agent last saw the failure count rise.
public struct ProbeResult: Sendable, Codable, Hashable {
    public var namespace: String = ""
    public var pod: String = ""
    public var container: String = ""
    /// `Liveness`, `Readiness` or `Startup`.
    public var probeType: String = ""
    public var successful: UInt64 = 0
    public var failed: UInt64 = 0
    public var unknown: UInt64 = 0
    /// Failures counted over about the last minute (0 on the first reading: nothing to compare with).
    public var recentFailures: UInt64 = 0
    /// Agent wall clock, milliseconds, when the failure count last rose; nil when it has not risen while watched.
    public var lastFailureMilliseconds: Int64?

    public init() {}
}

/// One pod in the kubelet's `/stats/summary`.
public struct KubeletPodStats: Sendable, Codable, Hashable {
    public var namespace: String = ""
    public var name: String = ""
    public var uid: String = ""
    /// `ephemeral-storage.usedBytes`: the containers' writable layers, their logs and the pod's emptyDir volumes.
    public var ephemeralUsedBytes: UInt64?
    public var containers: [KubeletContainerStats] = []
    /// cAdvisor's (`/metrics/cadvisor`) network rates for the pod, summed over its interfaces, where it has them.
    public var cadvisorNetworkReceiveBytesPerSecond: Double?
    public var cadvisorNetworkTransmitBytesPerSecond: Double?

    public init() {}
}

/// One container in the kubelet's `/stats/summary`.
public struct KubeletContainerStats: Sendable, Codable, Hashable {
    public var name: String = ""
    public var cpuNanoCores: UInt64?
    public var workingSetBytes: UInt64?
    /// Its writable layer and its logs.
    public var rootfsUsedBytes: UInt64?
    public var logsUsedBytes: UInt64?
    /// cAdvisor's filesystem I/O rates for the container (`container_fs_reads_bytes_total`, `…_writes_…`).
    public var cadvisorFsReadBytesPerSecond: Double?
    public var cadvisorFsWriteBytesPerSecond: Double?

    public init() {}
}

/// Container runtime operation errors of one kind since the kubelet started (`kubelet_runtime_operations_errors_total`).
public struct RuntimeOperationErrors: Sendable, Codable, Hashable {
    /// `pull_image`, `create_container`, `exec_sync`, …
    public var operation: String = ""
    public var count: UInt64 = 0

    public init() {}

    public init(operation: String, count: UInt64) {
        self.operation = operation
        self.count = count
    }
}

/// A kubelet endpoint that could not be read, and why (`403 Forbidden: … nodes/configz`, a timeout, a shape it
/// could not read).
public struct KubeletEndpointError: Sendable, Codable, Hashable {
    public var path: String = ""
    public var reason: String = ""

    public init() {}

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
