import KernelStats
public import KubeClient
public import Telemetry

/// Measures what the kubelet client adds to the agent, for `podwatch-agent bench --kubelet-address`: the CPU of
/// one round of all ten endpoints (HTTP, parsing, the histories) plus turning it into the snapshot's
/// ``KubeletStatus``, from getrusage over the whole process, so the HTTP client's threads count too.
public enum KubeletBenchmark: Sendable {
    public struct Result: Sendable, Hashable {
        public var rounds: Int
        /// CPU of the first round (connection set-up, first parse), milliseconds.
        public var firstRoundCPUMilliseconds: Double
        /// Median and mean CPU of the steady rounds (2nd onwards), milliseconds.
        public var medianCPUMilliseconds: Double
        public var meanCPUMilliseconds: Double
        /// Endpoint failures in the last round (0 when the kubelet answered everything).
        public var errors: [KubeletEndpointError]
        /// Pods and probe results the last round read: proof the answers were parsed, not just fetched.
        public var pods: Int
        public var probes: Int
        /// The process's peak resident set (VmHWM) after the rounds, passes before them included, bytes.
        public var peakRSSBytes: UInt64
    }

    /// Runs `rounds` rounds back to back (at least 2).
    public static func run(poller: KubeletPoller, procRoot: String, rounds: Int) async -> Result {
        var costs: [Double] = []
        var last: KubeletReadings?
        var buffer = ReadBuffer(initialCapacity: 8192)
        for _ in 0..<max(rounds, 2) {
            let before = PassBenchmark.cpuMicroseconds()
            let readings = await poller.poll()
            if let memory = try? Meminfo(parsing: KernelFile.readOnce("\(procRoot)/meminfo", into: &buffer)) {
                _ = readings.status(memory: memory, load: nil)
            }
            costs.append(Double(PassBenchmark.cpuMicroseconds() - before) / 1000)
            last = readings
        }
        let steady = costs.dropFirst().sorted()
        let status = try? PIDStatus(parsing: KernelFile.readOnce("/proc/self/status", into: &buffer))
        return Result(
            rounds: costs.count,
            firstRoundCPUMilliseconds: costs[0],
            medianCPUMilliseconds: steady[steady.count / 2],
            meanCPUMilliseconds: steady.reduce(0, +) / Double(steady.count),
            errors: last?.errors ?? [],
            pods: last?.pods?.count ?? 0,
            probes: last?.probes.count ?? 0,
            peakRSSBytes: status?.vmHWM ?? 0
        )
    }
}
