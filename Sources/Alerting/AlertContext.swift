/// What was happening on the alert's subject when it fired, captured from the same snapshot that fired it and
/// kept with the alert (docs/api.md "Alert context"): for a pod or container, its processes ranked by the rule's
/// metric; for a node, its pods. Command lines are redacted as the pages show them (at ingest), and everything is
/// bounded, so that an alert row stays small whatever the agent sent.
public struct AlertContext: Sendable, Codable, Hashable {
    /// What the lists are ranked by: the resource the rule's metric measures.
    public enum Ranking: String, Sendable, Codable {
        case cpu
        case memory
        case io

        /// `pod.memory.limit_percent` ranks by memory, `*.disk.*` by I/O, everything else by CPU.
        public init(metric: String) {
            if metric.contains("memory") || metric.contains("oom") {
                self = .memory
            } else if metric.contains("disk") || metric.contains(".fs.") {
                self = .io
            } else {
                self = .cpu
            }
        }
    }

    public var capturedMilliseconds: Int64
    public var rankedBy: Ranking
    /// The subject's processes, heaviest first (pod and container subjects).
    public var processes: [Process]
    /// How many processes the subject had in all (the list keeps the heaviest ``kept``).
    public var processCount: Int
    /// The node's pods, heaviest first (node subjects).
    public var pods: [Pod]
    public var podCount: Int
    /// The profile taken because the rule asked for one, when it did.
    public var profile: AlertProfile?

    /// Entries kept per list.
    public static let kept = 10
    /// Longest command line kept, in characters.
    public static let commandLimit = 512

    public init(
        capturedMilliseconds: Int64,
        rankedBy: Ranking,
        processes: [Process] = [],
        processCount: Int = 0,
        pods: [Pod] = [],
        podCount: Int = 0
    ) {
        self.capturedMilliseconds = capturedMilliseconds
        self.rankedBy = rankedBy
        self.processes = Array(processes.prefix(Self.kept))
        self.processCount = processCount
        self.pods = Array(pods.prefix(Self.kept))
        self.podCount = podCount
    }

    public struct Process: Sendable, Codable, Hashable {
        public var pid: Int32
        public var container: String
        /// The redacted command line, or `[comm]` for a process without one; at most ``commandLimit`` characters.
        public var command: String
        /// `R`, `S`, `D`, … as /proc/PID/stat shows it.
        public var state: String
        public var threads: Int64
        /// Percent of one core over the last interval.
        public var cpuPercent: Double?
        public var memoryBytes: Double?
        /// Read + write, bytes per second.
        public var ioBytesPerSecond: Double?

        public init(
            pid: Int32,
            container: String,
            command: String,
            state: String,
            threads: Int64,
            cpuPercent: Double?,
            memoryBytes: Double?,
            ioBytesPerSecond: Double?
        ) {
            self.pid = pid
            self.container = container
            self.command = AlertContext.clip(command)
            self.state = String(state.prefix(4))
            self.threads = threads
            self.cpuPercent = AlertContext.finite(cpuPercent)
            self.memoryBytes = AlertContext.finite(memoryBytes)
            self.ioBytesPerSecond = AlertContext.finite(ioBytesPerSecond)
        }

        enum CodingKeys: String, CodingKey {
            case pid, container, command, state, threads
            case cpuPercent = "cpu_percent"
            case memoryBytes = "memory_bytes"
            case ioBytesPerSecond = "io_bytes_per_second"
        }
    }

    public struct Pod: Sendable, Codable, Hashable {
        public var namespace: String
        public var pod: String
        /// Cores over the last interval.
        public var cpuCores: Double?
        public var memoryBytes: Double?
        public var ioBytesPerSecond: Double?

        public init(namespace: String, pod: String, cpuCores: Double?, memoryBytes: Double?, ioBytesPerSecond: Double?)
        {
            self.namespace = AlertContext.clip(namespace)
            self.pod = AlertContext.clip(pod)
            self.cpuCores = AlertContext.finite(cpuCores)
            self.memoryBytes = AlertContext.finite(memoryBytes)
            self.ioBytesPerSecond = AlertContext.finite(ioBytesPerSecond)
        }

        enum CodingKeys: String, CodingKey {
            case namespace, pod
            case cpuCores = "cpu_cores"
            case memoryBytes = "memory_bytes"
            case ioBytesPerSecond = "io_bytes_per_second"
        }
    }

    enum CodingKeys: String, CodingKey {
        case processes, pods, profile
        case capturedMilliseconds = "captured_ms"
        case rankedBy = "ranked_by"
        case processCount = "process_count"
        case podCount = "pod_count"
    }

    static func clip(_ text: String) -> String {
        text.count <= Self.commandLimit ? text : String(text.prefix(Self.commandLimit - 1)) + "…"
    }

    /// JSON has no infinity or NaN: a non-finite value is unknown.
    static func finite(_ value: Double?) -> Double? {
        value.flatMap { $0.isFinite ? $0 : nil }
    }
}
