import CHeap
public import KernelStats
public import Telemetry

/// One collection pass over a node: the node files, one /proc pass that samples every process and
/// groups it by pod and container, the cgroup of every container, and the network of every namespace.
///
/// Keeps descriptors between passes where they pay (files read pass after pass), within a budget: each one
/// pins kernel memory charged to the agent's cgroup. A container whose cgroup CPU and memory counters did not
/// move is not read past that probe. Create one and call ``collect()`` repeatedly. Not Sendable: one task owns it.
public final class Collector {
    private let configuration: AgentConfiguration
    private let budget: DescriptorBudget
    private let node: NodeReader
    private let processes: ProcessTable
    private let cgroups: ContainerCgroups
    private let namespaces: NetworkNamespaces
    private let agentSelf: AgentSelf
    private var buffer = ReadBuffer()
    private var pass = 0

    public init(configuration: AgentConfiguration) {
        self.configuration = configuration
        let budget = DescriptorBudget(limit: DescriptorLimit.budget(asked: configuration.descriptorBudget))
        self.budget = budget
        self.node = NodeReader(procRoot: configuration.procRoot, sysRoot: configuration.sysRoot)
        self.processes = ProcessTable(
            procRoot: configuration.procRoot,
            policy: configuration.readPolicy,
            budget: budget
        )
        self.cgroups = ContainerCgroups(
            cgroupRoot: configuration.cgroupRoot,
            budget: budget,
            refreshPasses: configuration.skipIdleContainers ? configuration.readPolicy.refreshPasses : 1
        )
        self.namespaces = NetworkNamespaces(procRoot: configuration.procRoot, budget: budget)
        self.agentSelf = AgentSelf(buffer: &self.buffer)
    }

    /// The cgroup layout found under the cgroup root.
    public var cgroupLayout: CgroupFS.Layout { self.cgroups.layout }

    /// Runs one pass. Throws only when the node itself cannot be read (/proc/stat, /proc/meminfo or the
    /// /proc listing); every other failure is recorded in the snapshot's `errors` and the pass goes on.
    public func collect() throws(KernelStatsError) -> Snapshot {
        var issues: [CollectionIssue] = []
        self.pass += 1
        let pass = self.pass
        self.budget.startPass()
        let monotonic = SystemFacts.monotonicNanoseconds()
        let wall = SystemFacts.wallMilliseconds()
        let host = try self.node.read(into: &self.buffer, issues: &issues)
        let idle = self.cgroups.probe(into: &self.buffer, pass: pass, issues: &issues)

        var grouped: [Int: [ProcessSnapshot]] = [:]
        var cgroupFiles: [Int: PIDCgroup] = [:]
        var hostProcesses: [ProcessSnapshot] = []
        var members: [UInt64: [Int32]] = [:]
        try self.processes.sample(into: &self.buffer, issues: &issues, pass: pass, idle: idle.contains) {
            process,
            snapshot in
            if let namespace = process.networkNamespace { members[namespace, default: []].append(process.pid) }
            guard let slot = process.containerSlot else {
                hostProcesses.append(snapshot)
                return
            }
            if let filter = self.configuration.podFilter, let uid = process.identity?.podUID, !filter.contains(uid) {
                return
            }
            grouped[slot, default: []].append(snapshot)
            if cgroupFiles[slot] == nil { cgroupFiles[slot] = process.cgroup }
        }
        let cgroupStats = self.cgroups.read(cgroupFiles, idle: idle, into: &self.buffer, pass: pass, issues: &issues)
        let networks = self.namespaces.read(
            members,
            host: self.node.hostNetworkNamespace,
            into: &self.buffer,
            pass: pass,
            issues: &issues
        )
        var containers: [ContainerSnapshot] = []
        containers.reserveCapacity(grouped.count)
        for (slot, processes) in grouped {
            guard let identity = self.processes.slots.identities[slot] else { continue }
            let stats = cgroupStats[slot]
            containers.append(
                ContainerSnapshot(
                    identity: identity,
                    cgroupPath: stats?.path,
                    cgroup: stats?.stats,
                    networkNamespace: processes.first?.networkNamespace,
                    processes: processes
                )
            )
        }
        containers.sort { $0.key < $1.key }
        var namespaces = networks
        if let inode = self.node.hostNetworkNamespace {
            namespaces.insert(NetworkNamespace(inode: inode, isHost: true, interfaces: host.network), at: 0)
        }
        var snapshot = Snapshot(
            node: self.configuration.nodeName,
            wallTimeMilliseconds: wall,
            monotonicNanoseconds: monotonic,
            clockTicksPerSecond: SystemFacts.clockTicksPerSecond,
            pageSize: SystemFacts.pageSize,
            host: host,
            containers: containers,
            hostProcesses: hostProcesses,
            networkNamespaces: namespaces,
            errors: issues
        )
        var agent = self.agentSelf.stats(&self.buffer)
        agent.descriptorsKept = UInt32(clamping: self.budget.kept)
        agent.descriptorBudget = UInt32(clamping: self.budget.limit)
        agent.descriptorShortfalls = UInt32(clamping: self.budget.exhausted)
        agent.transientReads = UInt32(clamping: self.budget.transientReads)
        agent.processesSkipped = UInt32(clamping: self.processes.skipped)
        snapshot.agent = agent
        self.trimHeapIfDue(pass)
        return snapshot
    }

    /// After the passes that replace most samples (the first two, and each `--refresh-passes` pass), the heap
    /// holds the previous samples' memory freed but kept by malloc: handing it back to the kernel (a few ms)
    /// keeps the cgroup's usage near what the agent holds (on a 16,000-process node ~25 MB, half its RSS).
    private func trimHeapIfDue(_ pass: Int) {
        guard pass <= 2 || pass % max(self.configuration.readPolicy.refreshPasses, 1) == 0 else { return }
        _ = podwatch_heap_trim()
    }
}

@available(*, unavailable, message: "owned by one task")
extension Collector: Sendable {}
