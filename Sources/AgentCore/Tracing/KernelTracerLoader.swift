public import KernelTracing
public import Logging
public import Telemetry
import TextTrimming

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Loads the BPF programs for the agent and says once, at start, which signals run and why the others do not.
public enum KernelTracerLoader: Sendable {
    /// The tracer keyed the way this node's pods are laid out: by the v1 memory cgroup when that hierarchy is
    /// mounted (v1 or hybrid nodes), else by the unified hierarchy's cgroup.
    public static func load(
        cgroupRoot: String,
        signals: Set<String> = Set(KernelSignals.signalNames),
        samplePercent: Int = KernelTracer.defaultSamplePercent,
        logger: Logger
    ) -> KernelTracer {
        let tracer = KernelTracer(
            enabled: signals,
            memoryCgroupV1: Self.memoryCgroupV1(cgroupRoot: cgroupRoot),
            samplePercent: samplePercent
        )
        let on = tracer.signals.filter(\.on).map {
            $0.sampledPercent > 0 ? "\($0.name) (sampled \($0.sampledPercent) %)" : $0.name
        }
        let off = tracer.signals.filter { !$0.on }.map { "\($0.name): \($0.reason)" }
        if off.isEmpty {
            logger.info("eBPF signals on", metadata: ["signals": "\(on)"])
        } else {
            logger.warning(
                "eBPF signals off; the agent goes on with /proc for them",
                metadata: ["on": "\(on)", "off": "\(off)"]
            )
        }
        return tracer
    }

    /// `--ebpf-signals`: a comma-separated list of signal names (nil: all of them).
    public static func signals(_ list: String?) throws(SignalListError) -> Set<String> {
        guard let list else { return Set(KernelSignals.signalNames) }
        let names = Set(list.split(separator: ",").map { String($0.trimmingWhitespace) })
        let unknown = names.subtracting(KernelSignals.signalNames)
        guard unknown.isEmpty, !names.isEmpty else {
            throw SignalListError(
                message:
                    "--ebpf-signals: \(unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")) not one of \(KernelSignals.signalNames.joined(separator: ", "))"
            )
        }
        return names
    }

    /// `--ebpf-sample-percent`: 1 to 100 (nil: the default).
    public static func samplePercent(_ value: Int?) throws(SignalListError) -> Int {
        guard let value else { return KernelTracer.defaultSamplePercent }
        guard (1...100).contains(value) else {
            throw SignalListError(
                message:
                    "--ebpf-sample-percent: \(value) is not between 1 and 100 (100 traces runqueue and syscalls throughout)"
            )
        }
        return value
    }

    /// A `--ebpf-signals` list naming no known signal.
    public struct SignalListError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { self.message }
    }

    /// Whether the v1 memory hierarchy is mounted under `cgroupRoot` (v1 and hybrid nodes).
    public static func memoryCgroupV1(cgroupRoot: String) -> Bool {
        access("\(cgroupRoot)/memory/memory.limit_in_bytes", F_OK) == 0
    }
}
