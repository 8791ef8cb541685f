import CHeap
public import KernelStats
public import KernelTracing
import NIOCore
import Telemetry
import Wire

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Measures the CPU one steady collection pass costs (user + system, from getrusage) and the agent's
/// resident memory, for `podwatch-agent bench`.
public enum PassBenchmark: Sendable {
    /// What one benchmark run measured.
    public struct Result: Sendable, Hashable {
        public var passes: Int
        public var processes: Int
        public var containers: Int
        /// CPU of the first pass (opens every descriptor), milliseconds.
        public var firstPassCPUMilliseconds: Double
        /// Median CPU of the steady passes (2nd onwards), milliseconds.
        public var medianCPUMilliseconds: Double
        public var meanCPUMilliseconds: Double
        /// Peak resident set after the collection passes, before any encoding, bytes.
        public var collectionPeakRSSBytes: UInt64
        /// Peak resident set (VmHWM) and current (VmRSS) after encoding too, bytes.
        public var peakRSSBytes: UInt64
        public var currentRSSBytes: UInt64
        /// One steady (delta) snapshot frame on the wire, and a full snapshot's protobuf size before compression.
        public var wireBytes: Int
        public var wireUncompressedBytes: Int
        /// The keyframe that starts a connection.
        public var wireKeyframeBytes: Int
        /// CPU to encode and compress one snapshot, milliseconds.
        public var encodeMilliseconds: Double
        /// Of the current RSS: anonymous memory (heap) and file-backed pages (code, mapped libraries).
        public var anonymousRSSBytes: UInt64
        public var fileRSSBytes: UInt64
        /// The agent's own cgroup as it reported itself (``AgentStats``): peak usage and peak kernel memory over
        /// the passes (0 when it cannot read its cgroup).
        public var peakCgroupBytes: UInt64
        public var peakKernelBytes: UInt64
        /// Descriptors kept after the last pass, and the budget.
        public var descriptorsKept: Int
        public var descriptorBudget: Int
        /// Mean per steady pass: processes of idle containers not read, files opened and closed.
        public var meanProcessesSkipped: Double
        public var meanTransientReads: Double
        /// glibc's heap in use after the collection passes and after encoding too: what the agent's data
        /// costs, without freed pages malloc keeps.
        public var heapAfterPassesBytes: Int
        public var heapAfterEncodingBytes: Int
        /// Over all passes: opens that found no descriptor, the most read issues in one pass, and the fewest
        /// processes one pass reported.
        public var descriptorShortfalls: Int
        public var maximumIssues: Int
        public var minimumProcesses: Int
    }

    /// Runs `passes` passes back to back (at least 2: one to open, the rest steady).
    /// With `tracer`, each pass also drains the BPF maps and joins them (what a pass costs with eBPF on).
    public static func run(
        configuration: AgentConfiguration,
        passes: Int,
        tracer: KernelTracer? = nil
    ) throws(KernelStatsError) -> Result {
        let collector = Collector(configuration: configuration)
        var kernel = KernelSignalsJoin()
        var costs: [Double] = []
        var processes = 0
        var containers = 0
        var last: Snapshot?
        var previous: Snapshot?
        var agent = (peak: UInt64(0), kernel: UInt64(0), skipped: 0, transient: 0, shortfalls: 0)
        var maximumIssues = 0
        var minimumProcesses = Int.max
        for pass in 0..<max(passes, 2) {
            let before = Self.cpuMicroseconds()
            var snapshot = try collector.collect()
            if let tracer {
                kernel.apply(tracer.drain(), signals: tracer.signals, to: &snapshot)
                tracer.openWindow()  // the agent's pass attaches the sampled programs again (and drain detached them)
            }
            previous = last
            last = snapshot
            costs.append(Double(Self.cpuMicroseconds() - before) / 1000)
            processes = snapshot.containers.reduce(snapshot.hostProcesses.count) { $0 + $1.processes.count }
            containers = snapshot.containers.count
            minimumProcesses = min(minimumProcesses, processes)
            maximumIssues = max(maximumIssues, snapshot.errors.count)
            if let stats = snapshot.agent {
                agent.peak = max(agent.peak, stats.memoryBytes ?? 0)
                agent.kernel = max(agent.kernel, stats.kernelMemoryBytes ?? 0)
                agent.shortfalls += Int(stats.descriptorShortfalls)
                if pass > 0 {
                    agent.skipped += Int(stats.processesSkipped)
                    agent.transient += Int(stats.transientReads)
                }
            }
        }
        let steady = costs.dropFirst().sorted()
        let heapAfterPasses = podwatch_heap_in_use()
        var buffer = ReadBuffer(initialCapacity: 4096)
        let collection = try PIDStatus(parsing: try KernelFile.readOnce("/proc/self/status", into: &buffer))
        var wireBytes = 0
        var encodeMilliseconds = 0.0
        var keyframeBytes = 0
        if let last, let previous {
            // A steady snapshot on a connection: a delta against the one before it.
            let rounds = 20
            var encoder = SnapshotEncoder()
            keyframeBytes = 6 + encoder.frame(for: previous).payload.readableBytes
            let before = Self.cpuMicroseconds()
            for _ in 0..<rounds {
                var steady = encoder
                wireBytes = 6 + steady.frame(for: last).payload.readableBytes
            }
            encodeMilliseconds = Double(Self.cpuMicroseconds() - before) / 1000 / Double(rounds)
        }
        let uncompressed = last.map { WireMessage.uncompressedSize(of: $0) } ?? 0
        let status = try KernelFile.readOnce("/proc/self/status", into: &buffer)
        let memory = try PIDStatus(parsing: status)
        return Result(
            passes: costs.count,
            processes: processes,
            containers: containers,
            firstPassCPUMilliseconds: costs[0],
            medianCPUMilliseconds: steady[steady.count / 2],
            meanCPUMilliseconds: steady.reduce(0, +) / Double(steady.count),
            collectionPeakRSSBytes: collection.vmHWM ?? 0,
            peakRSSBytes: memory.vmHWM ?? 0,
            currentRSSBytes: memory.vmRSS ?? 0,
            wireBytes: wireBytes,
            wireUncompressedBytes: uncompressed,
            wireKeyframeBytes: keyframeBytes,
            encodeMilliseconds: encodeMilliseconds,
            anonymousRSSBytes: memory.rssAnon ?? 0,
            fileRSSBytes: memory.rssFile ?? 0,
            peakCgroupBytes: agent.peak,
            peakKernelBytes: agent.kernel,
            descriptorsKept: Int(last?.agent?.descriptorsKept ?? 0),
            descriptorBudget: Int(last?.agent?.descriptorBudget ?? 0),
            meanProcessesSkipped: Double(agent.skipped) / Double(max(1, costs.count - 1)),
            meanTransientReads: Double(agent.transient) / Double(max(1, costs.count - 1)),
            heapAfterPassesBytes: heapAfterPasses,
            heapAfterEncodingBytes: podwatch_heap_in_use(),
            descriptorShortfalls: agent.shortfalls,
            maximumIssues: maximumIssues,
            minimumProcesses: minimumProcesses
        )
    }

    /// User + system CPU of this process so far, microseconds.
    static func cpuMicroseconds() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Int64(usage.ru_utime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec)
        let system = Int64(usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_stime.tv_usec)
        return user + system
    }
}
