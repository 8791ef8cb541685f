public import KernelStats

/// One process as its /proc files showed it in this pass.
public struct ProcessSnapshot: Sendable, Codable, Hashable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {
        self.init(stat: PIDStat())
    }

    /// `/proc/PID/stat`: state, CPU ticks, faults, threads, start time.
    public var stat: PIDStat
    /// `/proc/PID/status`; nil if it vanished between reads.
    public var status: PIDStatus?
    /// `/proc/PID/io`; nil when unreadable (no ptrace access) — absent, not zero.
    public var io: PIDIO?
    /// `/proc/PID/statm`, pages.
    public var statm: PIDStatm?
    /// `/proc/PID/cmdline`, read once per process lifetime.
    public var cmdline: [String]
    /// `/proc/PID/cgroup`, read once per process lifetime.
    public var cgroups: [CgroupMembership]
    /// The network namespace inode (`/proc/PID/ns/net`); its interfaces are in the snapshot's namespaces.
    public var networkNamespace: UInt64?

    public init(
        stat: PIDStat,
        status: PIDStatus? = nil,
        io: PIDIO? = nil,
        statm: PIDStatm? = nil,
        cmdline: [String] = [],
        cgroups: [CgroupMembership] = [],
        networkNamespace: UInt64? = nil
    ) {
        self.stat = stat
        self.status = status
        self.io = io
        self.statm = statm
        self.cmdline = cmdline
        self.cgroups = cgroups
        self.networkNamespace = networkNamespace
    }

    public var pid: Int32 { self.stat.pid }

    /// PID + start time: a process identity that survives PID reuse.
    public var key: ProcessKey { ProcessKey(pid: self.stat.pid, starttime: self.stat.starttime) }
}

/// PID + start time (ticks after boot).
public struct ProcessKey: Sendable, Codable, Hashable {
    public var pid: Int32
    public var starttime: UInt64

    public init(pid: Int32, starttime: UInt64) {
        self.pid = pid
        self.starttime = starttime
    }
}
