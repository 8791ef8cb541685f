public import KernelTracing
public import Logging
import Telemetry

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Loads the BPF programs for the agent and says once, at start, which signals run and why the others do not.
public enum KernelTracerLoader: Sendable {
    /// The tracer keyed the way this node's pods are laid out: by the v1 memory cgroup when that hierarchy is
    /// mounted (v1 or hybrid nodes), else by the unified hierarchy's cgroup.
    public static func load(cgroupRoot: String, logger: Logger) -> KernelTracer {
        let tracer = KernelTracer(memoryCgroupV1: access("\(cgroupRoot)/memory/memory.limit_in_bytes", F_OK) == 0)
        let on = tracer.signals.filter(\.on).map(\.name)
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
}
