import AgentCore
import ArgumentParser
import KernelTracing
import KubeClient
import Logging
import Telemetry

/// `podwatch-agent bench --passes N`: the CPU cost of a steady pass and the agent's memory.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run N collection passes back to back and print CPU per steady pass and RSS."
    )

    @OptionGroup var options: CollectionOptions

    @Option(help: "Passes to run (the first opens every file and is reported separately).")
    var passes = 50

    @Flag(help: "Load the eBPF programs and drain their maps in every pass (the pass's cost and memory with eBPF on).")
    var ebpf = false

    @Option(
        help:
            "Also measure the kubelet client: read this kubelet, HOST:PORT, on the read-only port's terms (plain HTTP, no token) for --kubelet-rounds rounds."
    )
    var kubeletAddress: String?

    @Option(help: "Kubelet rounds to run with --kubelet-address (the first is reported separately).")
    var kubeletRounds = 20

    func run() async throws {
        let configuration = try self.options.configuration()
        let tracer =
            self.ebpf
            ? KernelTracer(memoryCgroupV1: KernelTracerLoader.memoryCgroupV1(cgroupRoot: configuration.cgroupRoot))
            : nil
        if let tracer {
            print("ebpf.signals_on \(tracer.signals.filter { $0.on }.count)")
            for signal in tracer.signals where !signal.on { print("ebpf.off \(signal.name): \(signal.reason)") }
        }
        let result = try PassBenchmark.run(configuration: configuration, passes: self.passes, tracer: tracer)
        func megabytes(_ bytes: UInt64) -> String { String(format2: Double(bytes) / 1_048_576) }
        print("agent.processes \(result.processes)")
        print("agent.containers \(result.containers)")
        print("agent.passes \(result.passes)")
        print("agent.first_pass_cpu_ms \(String(format2: result.firstPassCPUMilliseconds))")
        print("agent.cpu_ms_per_pass \(String(format2: result.medianCPUMilliseconds))")
        print("agent.cpu_ms_per_pass_mean \(String(format2: result.meanCPUMilliseconds))")
        print("agent.collection_peak_rss_mb \(megabytes(result.collectionPeakRSSBytes))")
        print("agent.peak_rss_mb \(megabytes(result.peakRSSBytes))")
        print("agent.rss_mb \(megabytes(result.currentRSSBytes))")
        print("wire.snapshot_bytes \(result.wireBytes)")
        print("wire.keyframe_bytes \(result.wireKeyframeBytes)")
        print("wire.snapshot_uncompressed_bytes \(result.wireUncompressedBytes)")
        print("wire.encode_ms \(String(format2: result.encodeMilliseconds))")
        print("agent.rss_anon_mb \(megabytes(result.anonymousRSSBytes))")
        print("agent.rss_file_mb \(megabytes(result.fileRSSBytes))")
        print("agent.heap_after_passes_mb \(megabytes(UInt64(result.heapAfterPassesBytes)))")
        print("agent.heap_after_encoding_mb \(megabytes(UInt64(result.heapAfterEncodingBytes)))")
        print("agent.self_cgroup_peak_mb \(megabytes(result.peakCgroupBytes))")
        print("agent.self_kernel_peak_mb \(megabytes(result.peakKernelBytes))")
        print("agent.descriptors_kept \(result.descriptorsKept)")
        print("agent.descriptor_budget \(result.descriptorBudget)")
        print("agent.processes_skipped_per_pass \(String(format2: result.meanProcessesSkipped))")
        print("agent.transient_reads_per_pass \(String(format2: result.meanTransientReads))")
        print("agent.descriptor_shortfalls \(result.descriptorShortfalls)")
        print("agent.max_issues_per_pass \(result.maximumIssues)")
        print("agent.min_processes_per_pass \(result.minimumProcesses)")
        if let address = self.kubeletAddress {
            try await self.kubelet(address: address, procRoot: configuration.procRoot)
        }
    }

    /// The kubelet client's cost: its rounds run every 10 s against the agent's passes every 5 s, so one round
    /// is charged to two passes in `kubelet.cpu_ms_per_pass`.
    private func kubelet(address: String, procRoot: String) async throws {
        guard let kubelet = KubeletAddress(address, defaultPort: 10255) else {
            throw ValidationError("--kubelet-address: '\(address)' is not HOST, HOST:PORT, IPv6 or [IPv6]:PORT")
        }
        let access = ClusterAccess(server: "http://\(kubelet.authority)", trust: .system, credentials: .none)
        let poller = KubeletPoller(
            client: try KubeAPIClient(access: access),
            procRoot: procRoot,
            logger: Logger(label: "podwatch-agent.bench")
        )
        let result = await KubeletBenchmark.run(poller: poller, procRoot: procRoot, rounds: self.kubeletRounds)
        await poller.shutdownClient()
        print("kubelet.rounds \(result.rounds)")
        print("kubelet.first_round_cpu_ms \(String(format2: result.firstRoundCPUMilliseconds))")
        print("kubelet.cpu_ms_per_round \(String(format2: result.medianCPUMilliseconds))")
        print("kubelet.cpu_ms_per_round_mean \(String(format2: result.meanCPUMilliseconds))")
        print("kubelet.cpu_ms_per_pass \(String(format2: result.meanCPUMilliseconds / 2))")
        print("kubelet.pods \(result.pods)")
        print("kubelet.probes \(result.probes)")
        print("kubelet.errors \(result.errors.map { "\($0.path): \($0.reason)" })")
        print("kubelet.peak_rss_mb \(String(format2: Double(result.peakRSSBytes) / 1_048_576))")
    }
}

extension String {
    /// Two decimals, without Foundation's String(format:).
    init(format2 value: Double) {
        let hundredths = Int64((value * 100).rounded())
        let whole = hundredths / 100
        let fraction = abs(hundredths % 100)
        self = "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
