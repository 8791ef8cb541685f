extension AgentConfiguration {
    /// The environment variables the agent reads, each the equivalent of a flag:
    ///
    /// - `NODE_NAME` (`--node-name`): node name; default the hostname. In the DaemonSet it comes from
    ///   `spec.nodeName` through the downward API.
    /// - `PODWATCH_PROC_ROOT` (`--proc-root`): default `/proc`.
    /// - `PODWATCH_SYS_ROOT` (`--sys-root`): default `/sys`.
    /// - `PODWATCH_CGROUP_ROOT` (`--cgroup-root`): default `<sys-root>/fs/cgroup`.
    /// - `PODWATCH_INTERVAL` (`--interval`): e.g. `5s`, `500ms`, `1m`; default `5s`.
    /// - `PODWATCH_REFRESH_PASSES` (`--refresh-passes`): every per-process file is re-read at least every N
    ///   passes (``ReadPolicy``); default 12, 1 = every pass.
    /// - `PODWATCH_DESCRIPTOR_BUDGET` (`--descriptor-budget`): descriptors kept open between passes; default 1024.
    public enum EnvironmentKey: String, CaseIterable, Sendable {
        case nodeName = "NODE_NAME"
        case procRoot = "PODWATCH_PROC_ROOT"
        case sysRoot = "PODWATCH_SYS_ROOT"
        case cgroupRoot = "PODWATCH_CGROUP_ROOT"
        case interval = "PODWATCH_INTERVAL"
        case refreshPasses = "PODWATCH_REFRESH_PASSES"
        case descriptorBudget = "PODWATCH_DESCRIPTOR_BUDGET"
    }

    /// Parses `5s`, `500ms`, `2m`, `1h` or a bare number of seconds; nil when malformed or not positive.
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        // At most a year: beyond, the conversion to whole milliseconds would not fit.
        func milliseconds(_ seconds: Double) -> Duration? {
            guard seconds > 0, seconds <= 31_536_000 else { return nil }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value.isFinite else { return nil }
            return milliseconds(value * scale)
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return milliseconds(value)
    }
}

extension AgentConfiguration {
    /// The hostname: the node name when neither `--node-name` nor `NODE_NAME` is given.
    public static var defaultNodeName: String { SystemFacts.hostname() }
}
