/// What eBPF saw on the node since the previous pass (docs/metrics.md, "Kernel signals"): run-queue latency,
/// syscalls, execs and block I/O latency per container, TCP retransmits per pod, OOM kills and the processes that
/// ended, each with its container. Counts cover `intervalMilliseconds`; nil in a snapshot means the agent runs
/// without eBPF at all (`--no-ebpf`, or an agent that predates it).
public struct KernelSignals: Sendable, Codable, Hashable {
    /// One signal's state: on, or off and why (no CAP_BPF, no BTF, a tracepoint this kernel lacks, turned off).
    public struct Signal: Sendable, Codable, Hashable {
        public var name: String
        public var on: Bool
        public var reason: String
        /// An on signal traced only this share of each pass (1-99 %; 0: throughout). The agent scales its counts to
        /// the whole interval; its histograms hold what the windows saw.
        public var sampledPercent: UInt32

        public init() { self.init(name: "", on: false) }

        public init(name: String, on: Bool, reason: String = "", sampledPercent: UInt32 = 0) {
            self.name = name
            self.on = on
            self.reason = reason
            self.sampledPercent = sampledPercent
        }
    }

    /// Counts per power-of-two latency: bucket i counts latencies in [2^i, 2^(i+1)) microseconds (bucket 0 also
    /// counts those under 1 µs).
    public struct Histogram: Sendable, Codable, Hashable {
        public var buckets: [UInt64]

        public init(buckets: [UInt64] = []) {
            self.buckets = buckets
        }

        /// Saturating: a hostile agent's absurd bucket never traps the server.
        public var count: UInt64 { self.buckets.reduce(0, Self.saturatingAdd) }
        public var isEmpty: Bool { self.buckets.allSatisfy { $0 == 0 } }

        /// The upper bound of the bucket holding quantile `q` (0...1), in milliseconds; nil when empty.
        public func quantileMilliseconds(_ q: Double) -> Double? {
            let total = Double(self.count)
            guard total > 0 else { return nil }
            var seen = 0.0
            for (index, value) in self.buckets.enumerated() {
                seen += Double(value)
                if seen >= total * q { return Double(UInt64(1) << UInt64(min(index + 1, 62))) / 1000 }
            }
            return Double(UInt64(1) << UInt64(min(self.buckets.count, 62))) / 1000
        }

        static func saturatingAdd(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? .max : sum
        }

        public mutating func add(_ other: Histogram) {
            if other.buckets.count > self.buckets.count {
                self.buckets += Array(repeating: 0, count: other.buckets.count - self.buckets.count)
            }
            for (index, value) in other.buckets.enumerated() {
                self.buckets[index] = Self.saturatingAdd(self.buckets[index], value)
            }
        }
    }

    /// One container's (or a pod-level cgroup's: `containerID` empty) kernel activity.
    public struct Container: Sendable, Codable, Hashable {
        public var podUID: String
        public var containerID: String
        public var runqueue = Histogram()
        public var blockIO = Histogram()
        public var syscalls: UInt64 = 0
        public var execs: UInt64 = 0
        public var oomKills: UInt64 = 0

        public init() { self.init(podUID: "", containerID: "") }

        public init(podUID: String, containerID: String) {
            self.podUID = podUID
            self.containerID = containerID
        }
    }

    /// A remote endpoint a pod's connections retransmitted to.
    public struct Endpoint: Sendable, Codable, Hashable {
        public var address: String
        public var port: UInt32
        public var retransmits: UInt64

        public init() { self.init(address: "", port: 0, retransmits: 0) }

        public init(address: String, port: UInt32, retransmits: UInt64) {
            self.address = address
            self.port = port
            self.retransmits = retransmits
        }
    }

    /// TCP retransmits of one network namespace: a pod's (`podUID`), or the host's or an unknown one (empty).
    public struct Retransmits: Sendable, Codable, Hashable {
        public var podUID: String
        public var networkNamespace: UInt64
        public var retransmits: UInt64
        /// The endpoints retransmitted to most, at most ``SnapshotLimits/kernelEndpoints``.
        public var endpoints: [Endpoint]

        public init() { self.init(podUID: "", networkNamespace: 0, retransmits: 0) }

        public init(podUID: String, networkNamespace: UInt64, retransmits: UInt64, endpoints: [Endpoint] = []) {
            self.podUID = podUID
            self.networkNamespace = networkNamespace
            self.retransmits = retransmits
            self.endpoints = endpoints
        }
    }

    /// Block I/O latency of one device (`major:minor`, and its name from /sys when known).
    public struct Device: Sendable, Codable, Hashable {
        public var device: String
        public var name: String
        public var latency: Histogram

        public init() { self.init(device: "", name: "", latency: Histogram()) }

        public init(device: String, name: String, latency: Histogram) {
            self.device = device
            self.name = name
            self.latency = latency
        }
    }

    /// One process: an OOM kill's victim, or a process that exec'd and ended (`lifetimeMicros`).
    public struct ProcessEvent: Sendable, Codable, Hashable {
        public var podUID: String
        public var containerID: String
        public var pid: Int32
        public var command: String
        public var timeMilliseconds: Int64
        public var lifetimeMicros: UInt64
        /// OOM kills: the cgroup's memory limit and usage as the agent read them at its next pass.
        public var limitBytes: UInt64?
        public var usageBytes: UInt64?

        public init() { self.init(podUID: "", containerID: "", pid: 0, command: "", timeMilliseconds: 0) }

        public init(podUID: String, containerID: String, pid: Int32, command: String, timeMilliseconds: Int64) {
            self.podUID = podUID
            self.containerID = containerID
            self.pid = pid
            self.command = command
            self.timeMilliseconds = timeMilliseconds
            self.lifetimeMicros = 0
        }
    }

    public var signals: [Signal] = []
    /// The span the counts and histograms cover (the time since the previous pass), milliseconds.
    public var intervalMilliseconds: Int64 = 0
    /// Run-queue latency of every thread on the node, and syscalls of every process.
    public var nodeRunqueue = Histogram()
    public var nodeSyscalls: UInt64 = 0
    public var containers: [Container] = []
    public var retransmits: [Retransmits] = []
    public var devices: [Device] = []
    /// The latest OOM kills (kept by the agent across passes, newest last).
    public var oomKills: [ProcessEvent] = []
    /// The latest exec'd processes that ended, with their lifetimes (newest last).
    public var exits: [ProcessEvent] = []
    /// Events the ring buffer could not hold, and map entries left unread, this pass.
    public var dropped: UInt64 = 0

    public init() {}

    /// Whether the named signal is on.
    public func isOn(_ name: String) -> Bool { self.signals.contains { $0.name == name && $0.on } }
}

extension KernelSignals {
    /// The signals, by the names the snapshot and the UI use.
    public static let signalNames = ["runqueue", "tcp_retransmits", "oom_kills", "execs", "block_io", "syscalls"]
    /// The signals whose programs run on every context switch or every system call, traced a share of each pass.
    public static let sampledSignalNames: Set<String> = ["runqueue", "syscalls"]
}

/// The wire's names for the nested types (proto/podwatch/v1/snapshot.proto: one message per type).
public typealias KernelSignal = KernelSignals.Signal
public typealias LatencyHistogram = KernelSignals.Histogram
public typealias KernelContainer = KernelSignals.Container
public typealias KernelEndpoint = KernelSignals.Endpoint
public typealias KernelRetransmits = KernelSignals.Retransmits
public typealias KernelDevice = KernelSignals.Device
public typealias KernelProcessEvent = KernelSignals.ProcessEvent
