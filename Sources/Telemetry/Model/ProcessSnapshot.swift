public import KernelStats

/// One process as its /proc files showed it in this pass.
///
/// Its fields live in one shared, copy-on-write box: a snapshot's process lists, the agent's last sample of
/// each process and the uplink's previous snapshot all hold the same process, and a copy is a pointer (the
/// fields are ~900 bytes inline, copied three or four times per process before, which was most of the agent's
/// memory on a 16,000-process node). Writing a field of a shared process copies it first, as for any value.
public struct ProcessSnapshot: Sendable, Codable, Hashable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {
        self.init(stat: PIDStat())
    }

    /// `/proc/PID/stat`: state, CPU ticks, faults, threads, start time.
    public var stat: PIDStat {
        get { self.storage.fields.stat }
        _modify { yield &self.unique.fields.stat }
    }
    /// `/proc/PID/status`; nil if it vanished between reads.
    public var status: PIDStatus? {
        get { self.storage.fields.status }
        _modify { yield &self.unique.fields.status }
    }
    /// `/proc/PID/io`; nil when unreadable (no ptrace access) — absent, not zero.
    public var io: PIDIO? {
        get { self.storage.fields.io }
        _modify { yield &self.unique.fields.io }
    }
    /// `/proc/PID/statm`, pages.
    public var statm: PIDStatm? {
        get { self.storage.fields.statm }
        _modify { yield &self.unique.fields.statm }
    }
    /// `/proc/PID/cmdline`, read once per process lifetime.
    public var cmdline: [String] {
        get { self.storage.fields.cmdline }
        _modify { yield &self.unique.fields.cmdline }
    }
    /// `/proc/PID/cgroup`, read once per process lifetime.
    public var cgroups: [CgroupMembership] {
        get { self.storage.fields.cgroups }
        _modify { yield &self.unique.fields.cgroups }
    }
    /// The network namespace inode (`/proc/PID/ns/net`); its interfaces are in the snapshot's namespaces.
    public var networkNamespace: UInt64? {
        get { self.storage.fields.networkNamespace }
        _modify { yield &self.unique.fields.networkNamespace }
    }

    public init(
        stat: PIDStat,
        status: PIDStatus? = nil,
        io: PIDIO? = nil,
        statm: PIDStatm? = nil,
        cmdline: [String] = [],
        cgroups: [CgroupMembership] = [],
        networkNamespace: UInt64? = nil
    ) {
        self.storage = Storage(
            Fields(
                stat: stat,
                status: status,
                io: io,
                statm: statm,
                cmdline: cmdline,
                cgroups: cgroups,
                networkNamespace: networkNamespace
            )
        )
    }

    public var pid: Int32 { self.storage.fields.stat.pid }

    /// PID + start time: a process identity that survives PID reuse.
    public var key: ProcessKey { ProcessKey(pid: self.pid, starttime: self.storage.fields.stat.starttime) }

    // MARK: Storage

    /// The stored fields (their synthesized Codable and Hashable are the process's).
    struct Fields: Sendable, Codable, Hashable {
        var stat: PIDStat
        var status: PIDStatus?
        var io: PIDIO?
        var statm: PIDStatm?
        var cmdline: [String]
        var cgroups: [CgroupMembership]
        var networkNamespace: UInt64?
    }

    /// Written only through `unique`, which copies a shared box first (copy-on-write): a box reachable from
    /// two values is never mutated, so sharing it across threads is safe.
    final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    private var storage: Storage

    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&self.storage) { self.storage = Storage(self.storage.fields) }
            return self.storage
        }
    }

    public init(from decoder: any Decoder) throws {
        self.storage = Storage(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try self.storage.fields.encode(to: encoder)
    }

    public static func == (lhs: ProcessSnapshot, rhs: ProcessSnapshot) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        self.storage.fields.hash(into: &hasher)
    }
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
