import AgentCore
import ArgumentParser

/// Flags shared by every subcommand that collects: where the kernel's filesystems are and who we are.
/// Each has an environment variable (AgentConfiguration.EnvironmentKey); a flag wins over the variable.
struct CollectionOptions: ParsableArguments {
    @Option(help: "Node name to report (env NODE_NAME; default: the hostname).")
    var nodeName: String?

    @Option(help: "procfs mount point (env PODWATCH_PROC_ROOT; default /proc, /host/proc in the DaemonSet).")
    var procRoot: String?

    @Option(help: "sysfs mount point (env PODWATCH_SYS_ROOT; default /sys).")
    var sysRoot: String?

    @Option(help: "cgroup filesystem mount point (env PODWATCH_CGROUP_ROOT; default <sys-root>/fs/cgroup).")
    var cgroupRoot: String?

    @Option(help: "Time between passes, e.g. 5s, 500ms (env PODWATCH_INTERVAL; default 5s).")
    var interval: String?

    @Option(
        help: ArgumentHelp(
            "Re-read every per-process file at least every N passes (env PODWATCH_REFRESH_PASSES; default 12).",
            discussion:
                "Between full reads, status/statm/io are re-read only for processes that ran. 1 = every file every pass."
        )
    )
    var refreshPasses: Int?

    @Option(
        help: ArgumentHelp(
            "Descriptors kept open between passes (env PODWATCH_DESCRIPTOR_BUDGET; default 1024).",
            discussion:
                "Each pins ~4.6 KB of kernel memory charged to the agent's cgroup; other files are opened, read and closed."
        )
    )
    var descriptorBudget: Int?

    @Flag(help: "Read every process every pass, even in containers whose cgroup counters did not move (benchmarks).")
    var noIdleSkip = false

    /// The configuration, after raising RLIMIT_NOFILE's soft limit to the hard one (the budget fits in it).
    func configuration() throws -> AgentConfiguration {
        DescriptorLimit.raiseToHard()
        func environment(_ key: AgentConfiguration.EnvironmentKey) -> String? {
            EnvironmentVariable.value(key.rawValue)
        }
        let intervalText = self.interval ?? environment(.interval) ?? "5s"
        guard let interval = AgentConfiguration.parseDuration(intervalText) else {
            throw ValidationError("--interval: '\(intervalText)' is not a duration like 5s, 500ms or 1m")
        }
        let refreshText = self.refreshPasses.map(String.init) ?? environment(.refreshPasses) ?? "12"
        guard let refresh = Int(refreshText), refresh >= 1 else {
            throw ValidationError("--refresh-passes: '\(refreshText)' is not a whole number of passes >= 1")
        }
        let budgetText = self.descriptorBudget.map(String.init) ?? environment(.descriptorBudget) ?? "1024"
        guard let budget = Int(budgetText), budget >= 0 else {
            throw ValidationError("--descriptor-budget: '\(budgetText)' is not a whole number of descriptors >= 0")
        }
        var configuration = AgentConfiguration(
            nodeName: self.nodeName ?? environment(.nodeName) ?? AgentConfiguration.defaultNodeName,
            procRoot: self.procRoot ?? environment(.procRoot) ?? "/proc",
            sysRoot: self.sysRoot ?? environment(.sysRoot) ?? "/sys",
            cgroupRoot: self.cgroupRoot ?? environment(.cgroupRoot),
            interval: interval,
            readPolicy: ReadPolicy(refreshPasses: refresh)
        )
        configuration.descriptorBudget = budget
        configuration.skipIdleContainers = !self.noIdleSkip
        return configuration
    }
}
