import Telemetry

/// One process of a simulated pod: a snapshot whose counters move like a real process's.
struct SyntheticProcess: Sendable {
    var snapshot: ProcessSnapshot
    let template: ProcessTemplate

    init(template: ProcessTemplate, pid: Int32, parent: Int32, starttime: UInt64, cgroup: String) {
        self.template = template
        var stat = PIDStat()
        stat.pid = pid
        stat.comm = template.comm
        stat.state = "S"
        stat.ppid = parent
        stat.pgrp = pid
        stat.session = pid
        stat.priority = 20
        stat.numThreads = template.threads
        stat.starttime = starttime
        stat.vsize = UInt64(template.rssPages) * 4096 * 4
        stat.rss = template.rssPages
        stat.delayacctBlkioTicks = 0
        stat.guestTime = 0
        var status = PIDStatus()
        status.vmRSS = UInt64(template.rssPages) * 4096
        status.rssAnon = UInt64(template.rssPages) * 4096 * 3 / 4
        status.rssFile = UInt64(template.rssPages) * 4096 / 4
        status.vmSwap = 0
        status.threads = UInt64(template.threads)
        status.voluntaryContextSwitches = 10
        status.nonvoluntaryContextSwitches = 1
        status.uid = [65532, 65532, 65532, 65532]
        status.gid = [65532, 65532, 65532, 65532]
        status.nsPID = [pid, Int32(truncatingIfNeeded: pid % 1000 + 1)]
        var statm = PIDStatm()
        statm.size = UInt64(template.rssPages) * 4
        statm.resident = UInt64(template.rssPages)
        statm.shared = UInt64(template.rssPages) / 4
        self.snapshot = ProcessSnapshot(
            stat: stat,
            status: status,
            io: PIDIO(),
            statm: statm,
            cmdline: template.cmdline,
            cgroups: [CgroupMembership(hierarchyID: 0, controllers: [], path: cgroup)],
            networkNamespace: nil
        )
    }

    /// One interval later; returns the CPU ticks used.
    mutating func advance(random: inout SeededGenerator) -> UInt64 {
        guard self.template.activity > 0, random.chance(self.template.activity) else { return 0 }
        let ticks = self.template.ticks == 0 ? 0 : 1 + random.next() % (self.template.ticks * 2)
        self.snapshot.stat.utime += ticks * 3 / 4
        self.snapshot.stat.stime += ticks - ticks * 3 / 4
        self.snapshot.stat.minorFaults += random.next() % 200
        self.snapshot.stat.processor = Int64(random.next() % UInt64(SyntheticHost.cpus))
        let rss = max(100, self.template.rssPages + Int64(random.next() % 200) - 100)
        self.snapshot.stat.rss = rss
        self.snapshot.statm?.resident = UInt64(rss)
        self.snapshot.status?.vmRSS = UInt64(rss) * 4096
        self.snapshot.status?.voluntaryContextSwitches? += 1 + random.next() % 500
        self.snapshot.status?.nonvoluntaryContextSwitches? += random.next() % 20
        self.snapshot.io?.rchar += random.next() % 100_000
        self.snapshot.io?.wchar += random.next() % 50_000
        self.snapshot.io?.syscr += random.next() % 400
        self.snapshot.io?.syscw += random.next() % 200
        return ticks
    }
}

/// One container of a simulated pod: its cgroup (v2, systemd driver, containerd) and processes.
struct SyntheticContainer: Sendable {
    let name: String
    let template: ContainerTemplate
    let identity: ContainerIdentity
    let cgroupPath: String
    var cgroup: CgroupStats
    var processes: [SyntheticProcess]
    let isSandbox: Bool

    /// The container as a snapshot reports it.
    var snapshot: ContainerSnapshot {
        var container = ContainerSnapshot(
            identity: self.identity,
            cgroupPath: self.cgroupPath,
            cgroup: self.cgroup,
            processes: self.processes.map(\.snapshot)
        )
        container.isSandbox = self.isSandbox
        return container
    }

    mutating func advance(random: inout SeededGenerator) {
        var ticks: UInt64 = 0
        for index in self.processes.indices { ticks += self.processes[index].advance(random: &random) }
        let nanoseconds = ticks * 10_000_000
        self.cgroup.cpuUsageNanoseconds? += nanoseconds
        self.cgroup.cpuUserNanoseconds? += nanoseconds * 3 / 4
        self.cgroup.cpuSystemNanoseconds? += nanoseconds / 4
        self.cgroup.cpuPeriods? += self.cgroup.cpuQuotaMicroseconds == nil ? 0 : 50
        if let limit = self.template.cpuLimitMillicores, ticks * 2 > UInt64(limit) / 10 {
            self.cgroup.cpuThrottledPeriods? += 1 + random.next() % 5
            self.cgroup.cpuThrottledNanoseconds? += random.next() % 50_000_000
        }
        // A container that did not run this interval (a sandbox, an idle sidecar) has nothing that moves.
        guard ticks > 0 else { return }
        self.chargeMemory(random: &random)
        self.cgroup.ioReadBytes? += random.next() % 100_000
        self.cgroup.ioWriteBytes? += random.next() % 400_000
        self.cgroup.ioWriteOps? += random.next() % 100
    }

    /// Memory and task counts as the kernel keeps them — charged in pages, the working set being usage minus
    /// inactive file pages (what the agent computes from memory.stat) — set when the container starts and
    /// whenever it ran.
    mutating func chargeMemory(random: inout SeededGenerator) {
        let page: UInt64 = 4096
        let memory = UInt64(self.processes.reduce(0) { $0 + $1.snapshot.stat.rss }) * page
        let cache = (memory / 5 / page + random.next() % 250) * page
        let inactive = cache / 2 / page * page
        self.cgroup.memoryRSSBytes = memory
        self.cgroup.memoryCacheBytes = cache
        self.cgroup.memoryInactiveFileBytes = inactive
        self.cgroup.memoryUsageBytes = memory + cache
        self.cgroup.memoryWorkingSetBytes = memory + cache - inactive
        self.cgroup.pidsCurrent = UInt64(self.processes.reduce(0) { $0 + $1.snapshot.stat.numThreads })
    }

    static func cgroupStats(for template: ContainerTemplate) -> CgroupStats {
        var cgroup = CgroupStats(version: .v2)
        cgroup.cpuUsageNanoseconds = 0
        cgroup.cpuUserNanoseconds = 0
        cgroup.cpuSystemNanoseconds = 0
        cgroup.cpuPeriods = 0
        cgroup.cpuThrottledPeriods = 0
        cgroup.cpuThrottledNanoseconds = 0
        cgroup.cpuPeriodMicroseconds = 100_000
        cgroup.cpuQuotaMicroseconds = template.cpuLimitMillicores.map { UInt64($0) * 100 }
        cgroup.memoryLimitBytes = template.memoryLimitBytes.map { UInt64($0) }
        cgroup.memoryInactiveFileBytes = 0
        cgroup.memorySwapBytes = 0
        cgroup.memoryLimitHits = 0
        cgroup.oomKills = 0
        cgroup.ioReadBytes = 0
        cgroup.ioWriteBytes = 0
        cgroup.ioReadOps = 0
        cgroup.ioWriteOps = 0
        cgroup.pidsLimit = 4096
        cgroup.cpuPressure = Pressure(some: PressureLine(), full: PressureLine())
        cgroup.memoryPressure = Pressure(some: PressureLine(), full: PressureLine())
        cgroup.ioPressure = Pressure(some: PressureLine(), full: PressureLine())
        return cgroup
    }
}

/// A simulated pod: a sandbox (pause) container and the workload's containers.
struct SyntheticPod: Sendable {
    let workload: WorkloadTemplate
    let uid: String
    let name: String
    var containers: [SyntheticContainer]
    /// As a Deployment's pods carry them: `app`, `tier`, and a `track` that makes one pod in twenty a canary.
    var labels: [Label] {
        let canary = self.uid.utf8.reduce(0) { $0 &+ Int($1) } % 20 == 0
        return Label.list([
            "app": self.workload.name, "app.kubernetes.io/name": self.workload.name,
            "tier": self.workload.namespace == "kube-system" ? "system" : "backend",
            "track": canary ? "canary" : "stable",
        ])
    }

    var metadata: PodMetadata {
        var pod = PodMetadata(
            uid: self.uid,
            namespace: self.workload.namespace,
            name: self.name,
            phase: "Running",
            containers: self.containers.filter { !$0.isSandbox }.map { container in
                var name = ContainerName(id: container.identity.containerID ?? "", name: container.name)
                name.image = container.template.image
                name.state = "running"
                name.ready = true
                name.cpuRequestMillicores = container.template.cpuRequestMillicores
                name.cpuLimitMillicores = container.template.cpuLimitMillicores
                name.memoryRequestBytes = container.template.memoryRequestBytes
                name.memoryLimitBytes = container.template.memoryLimitBytes
                return name
            }
        )
        pod.ownerKind = self.workload.ownerKind
        pod.ownerName = self.workload.name
        pod.qosClass = self.workload.qos.rawValue
        pod.ready = true
        pod.labels = self.labels
        return pod
    }
}
