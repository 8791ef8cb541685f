public import Telemetry

/// A simulated node: `pods` pods (the node's DaemonSets, then Deployments and StatefulSets), a containerd
/// shim per pod, system daemons and kernel threads on the host, and counters that move every interval.
/// Pods come and go (a Deployment's pod replaced now and then) and exec probes start short-lived processes,
/// so deltas carry new, changed and ended processes as real agents' do. Deterministic for a given seed.
public struct SyntheticNode: Sendable {
    public let name: String
    private var random: SeededGenerator
    private var host: SyntheticHost
    private var pods: [SyntheticPod] = []
    private var hostProcesses: [SyntheticProcess] = []
    private var probes: [(pod: Int, container: Int)] = []
    private var nextPID: Int32 = 2_000
    /// Ticks since boot (USER_HZ): process start times.
    private var uptimeTicks: UInt64 = 30 * 86_400 * 100
    private var monotonicNanoseconds: UInt64 = 30 * 86_400 * 1_000_000_000
    private let interval: Duration

    /// - Parameter hot: an outlier node, busy ~98 % all the time.
    public init(name: String, pods: Int, seed: UInt64, interval: Duration = .seconds(5), hot: Bool = false) {
        self.name = name
        self.interval = interval
        self.random = SeededGenerator(seed: seed)
        self.host = SyntheticHost(random: &self.random, hot: hot)
        let daemons = SyntheticWorkloads.daemonSets.prefix(pods)
        for workload in daemons { self.pods.append(self.makePod(workload)) }
        for _ in daemons.count..<max(pods, daemons.count) { self.pods.append(self.makePod(self.pickWorkload())) }
        self.hostProcesses = Self.hostTemplates.map { template in
            self.makeProcess(template, parent: 1, cgroup: "/system.slice/\(template.comm).service")
        }
        for _ in self.pods {
            let shim = ProcessTemplate(
                comm: "containerd-shim",
                cmdline: ["/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io", "-id", self.random.hex(64)],
                threads: 12,
                activity: 0.05,
                ticks: 1,
                rssPages: 3_000
            )
            self.hostProcesses.append(self.makeProcess(shim, parent: 1, cgroup: "/system.slice/containerd.service"))
        }
        for index in 0..<60 {
            let kthread = ProcessTemplate(
                comm: "kworker/\(index % 16):\(index / 16)",
                cmdline: [],
                activity: 0.2,
                ticks: 1,
                rssPages: 0
            )
            self.hostProcesses.append(self.makeProcess(kthread, parent: 2, cgroup: "/"))
        }
    }

    public var podCount: Int { self.pods.count }

    /// The snapshot of the current interval; `advance()` moves to the next.
    public func snapshot(wallMilliseconds: Int64) -> Snapshot {
        var snapshot = Snapshot(
            node: self.name,
            wallTimeMilliseconds: wallMilliseconds,
            monotonicNanoseconds: self.monotonicNanoseconds,
            clockTicksPerSecond: 100,
            pageSize: 4096,
            host: self.host.stats,
            containers: self.pods.flatMap { pod in pod.containers.map(\.snapshot) },
            hostProcesses: self.hostProcesses.map(\.snapshot)
        )
        snapshot.pods = self.pods.map(\.metadata)
        var info = NodeInfo()
        info.conditions = [
            NodeCondition(type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory"),
            NodeCondition(type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure"),
            NodeCondition(type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID"),
            NodeCondition(type: "Ready", status: "True", reason: "KubeletReady"),
        ]
        info.cpuCapacityMillicores = Int64(SyntheticHost.cpus) * 1000
        info.cpuAllocatableMillicores = Int64(SyntheticHost.cpus) * 1000 - 200
        info.memoryCapacityBytes = Int64(SyntheticHost.memoryKiB) << 10
        info.memoryAllocatableBytes = (Int64(SyntheticHost.memoryKiB) << 10) - (1 << 30)
        info.podsCapacity = 110
        info.podsAllocatable = 110
        info.labels = Label.list([
            "kubernetes.io/hostname": self.name,
            "topology.kubernetes.io/zone": ["zone-a", "zone-b", "zone-c"][self.name.utf8.count % 3],
        ])
        info.kubeletVersion = "v1.33.1"
        info.containerRuntimeVersion = "containerd://2.0.5"
        snapshot.nodeInfo = info
        return snapshot
    }

    /// One interval later: counters move, probes end and start, and now and then a pod is replaced.
    public mutating func advance() {
        let seconds = self.interval.inSeconds
        self.uptimeTicks += UInt64(seconds * 100)
        self.monotonicNanoseconds += UInt64(seconds * 1e9)
        self.host.advance(seconds: seconds, random: &self.random)
        for (pod, container) in self.probes.reversed() { self.pods[pod].containers[container].processes.removeLast() }
        self.probes = []
        for pod in self.pods.indices {
            for container in self.pods[pod].containers.indices {
                self.pods[pod].containers[container].advance(random: &self.random)
            }
        }
        for index in self.hostProcesses.indices { _ = self.hostProcesses[index].advance(random: &self.random) }
        if self.pods.count > SyntheticWorkloads.daemonSets.count, self.random.chance(0.1) {
            let replaced = Int.random(in: SyntheticWorkloads.daemonSets.count..<self.pods.count, using: &self.random)
            self.pods[replaced] = self.makePod(self.pods[replaced].workload)
        }
        for _ in 0..<2 where !self.pods.isEmpty && self.random.chance(0.5) {
            let pod = Int.random(in: 0..<self.pods.count, using: &self.random)
            let container = self.pods[pod].containers.count - 1
            let parent = self.pods[pod].containers[container].processes.first?.snapshot.pid ?? 1
            let cgroup = self.pods[pod].containers[container].cgroupPath
            let probe = self.makeProcess(SyntheticWorkloads.probe, parent: parent, cgroup: cgroup)
            self.pods[pod].containers[container].processes.append(probe)
            self.probes.append((pod, container))
        }
    }

    private mutating func pickWorkload() -> WorkloadTemplate {
        let roll = Int.random(in: 0..<10, using: &self.random)
        let deployments = SyntheticWorkloads.deployments
        return roll < 8 ? deployments[roll % deployments.count] : SyntheticWorkloads.statefulSets[0]
    }

    private mutating func makePod(_ workload: WorkloadTemplate) -> SyntheticPod {
        let uid = self.random.uuid()
        let name: String
        switch workload.ownerKind {
        case "StatefulSet": name = "\(workload.name)-\(self.random.next() % 50)"
        case "DaemonSet": name = "\(workload.name)-\(self.random.suffix(5))"
        default: name = "\(workload.name)-\(self.random.suffix(10))-\(self.random.suffix(5))"
        }
        let qos = workload.qos
        let underscored = uid.replacingDashes()
        let podSlice =
            qos == .guaranteed
            ? "/kubepods.slice/kubepods-pod\(underscored).slice"
            : "/kubepods.slice/kubepods-\(qos.sliceName).slice/kubepods-\(qos.sliceName)-pod\(underscored).slice"
        let sandboxTemplate = ContainerTemplate(
            name: "",
            image: "registry.k8s.io/pause:3.10",
            processes: [SyntheticWorkloads.pause]
        )
        var containers: [SyntheticContainer] = []
        for (index, template) in ([sandboxTemplate] + workload.containers).enumerated() {
            let id = self.random.hex(64)
            let path = "\(podSlice)/cri-containerd-\(id).scope"
            var processes: [SyntheticProcess] = []
            for process in template.processes {
                let parent = processes.first?.snapshot.pid ?? 1
                processes.append(self.makeProcess(process, parent: parent, cgroup: path))
            }
            var container = SyntheticContainer(
                name: template.name,
                template: template,
                identity: ContainerIdentity(podUID: uid, qosClass: qos, runtime: .containerd, containerID: id),
                cgroupPath: path,
                cgroup: SyntheticContainer.cgroupStats(for: template),
                processes: processes,
                isSandbox: index == 0
            )
            container.chargeMemory(random: &self.random)
            containers.append(container)
        }
        return SyntheticPod(workload: workload, uid: uid, name: name, containers: containers)
    }

    private mutating func makeProcess(_ template: ProcessTemplate, parent: Int32, cgroup: String) -> SyntheticProcess {
        self.nextPID = self.nextPID >= 4_000_000 ? 2_000 : self.nextPID + 1 + Int32(self.random.next() % 3)
        return SyntheticProcess(
            template: template,
            pid: self.nextPID,
            parent: parent,
            starttime: self.uptimeTicks,
            cgroup: cgroup
        )
    }

    private static let hostTemplates: [ProcessTemplate] = [
        ProcessTemplate(comm: "systemd", cmdline: ["/sbin/init"], activity: 0.3, ticks: 1, rssPages: 3_000),
        ProcessTemplate(
            comm: "kubelet",
            cmdline: [
                "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml",
                "--container-runtime-endpoint=unix:///run/containerd/containerd.sock",
            ],
            threads: 40,
            activity: 1,
            ticks: 30,
            rssPages: 30_000
        ),
        ProcessTemplate(
            comm: "containerd",
            cmdline: ["/usr/bin/containerd"],
            threads: 50,
            activity: 1,
            ticks: 15,
            rssPages: 20_000
        ),
        ProcessTemplate(
            comm: "systemd-journal",
            cmdline: ["/lib/systemd/systemd-journald"],
            activity: 0.8,
            ticks: 2,
            rssPages: 8_000
        ),
        ProcessTemplate(
            comm: "sshd",
            cmdline: ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
            activity: 0,
            ticks: 0,
            rssPages: 2_000
        ),
        ProcessTemplate(
            comm: "chronyd",
            cmdline: ["/usr/sbin/chronyd", "-F", "1"],
            activity: 0.2,
            ticks: 1,
            rssPages: 800
        ),
        ProcessTemplate(
            comm: "podwatch-agent",
            cmdline: ["/podwatch-agent", "--server", "podwatch:9090"],
            threads: 4,
            activity: 1,
            ticks: 2,
            rssPages: 4_000
        ),
    ]
}

extension QOSClass {
    fileprivate var sliceName: String { self == .bestEffort ? "besteffort" : "burstable" }
}

extension String {
    fileprivate func replacingDashes() -> String { String(self.map { $0 == "-" ? "_" : $0 }) }
}
