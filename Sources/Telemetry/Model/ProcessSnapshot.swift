/// One process as its /proc files showed it in this pass.
///
/// Its fields live in one shared, copy-on-write box: a snapshot's process lists, the agent's last sample of
/// each process and the uplink's previous snapshot all hold the same process, and a copy is a pointer (the
/// fields are ~900 bytes inline, copied three or four times per process before, which was most of the agent's
/// memory on a 16,000-process node). Writing a field of a shared process copies it first, as for any value.
///
/// The server keeps its processes packed (``pack()``, ``PackedProcess``): the counter table as varints beside a
/// shape shared by every snapshot of the process, ~200 bytes instead of ~1,100. Reading a packed process's
/// parts unpacks it; its PID, start time, command line and cgroups, and its counter table, are read in place.
public struct ProcessSnapshot: Sendable, Codable, Hashable {
    /// An all-zero value, for decoders that fill fields one by one.
    public init() {
        self.init(stat: PIDStat())
    }

    /// `/proc/PID/stat`: state, CPU ticks, faults, threads, start time.
    public var stat: PIDStat {
        get { self.fields.stat }
        _modify { yield &self.unique.fields.stat }
    }
    /// `/proc/PID/status`; nil if it vanished between reads.
    public var status: PIDStatus? {
        get { self.fields.status }
        _modify { yield &self.unique.fields.status }
    }
    /// `/proc/PID/io`; nil when unreadable (no ptrace access) — absent, not zero.
    public var io: PIDIO? {
        get { self.fields.io }
        _modify { yield &self.unique.fields.io }
    }
    /// `/proc/PID/statm`, pages.
    public var statm: PIDStatm? {
        get { self.fields.statm }
        _modify { yield &self.unique.fields.statm }
    }
    /// `/proc/PID/cmdline`, read once per process lifetime.
    public var cmdline: [String] {
        get {
            switch self.representation {
            case .packed(let packed): packed.shape.cmdline
            case .open(let storage): storage.fields.cmdline
            }
        }
        _modify { yield &self.unique.fields.cmdline }
    }
    /// `/proc/PID/cgroup`, read once per process lifetime.
    public var cgroups: [CgroupMembership] {
        get {
            switch self.representation {
            case .packed(let packed): packed.shape.cgroups
            case .open(let storage): storage.fields.cgroups
            }
        }
        _modify { yield &self.unique.fields.cgroups }
    }
    /// The network namespace inode (`/proc/PID/ns/net`); its interfaces are in the snapshot's namespaces.
    public var networkNamespace: UInt64? {
        get { self.fields.networkNamespace }
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
        self.representation = .open(
            Storage(
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
        )
    }

    public var pid: Int32 {
        switch self.representation {
        case .packed(let packed): packed.shape.pid
        case .open(let storage): storage.fields.stat.pid
        }
    }

    /// Ticks after boot at which the process started.
    public var starttime: UInt64 {
        switch self.representation {
        case .packed(let packed): packed.shape.starttime
        case .open(let storage): storage.fields.stat.starttime
        }
    }

    /// PID + start time: a process identity that survives PID reuse.
    public var key: ProcessKey { ProcessKey(pid: self.pid, starttime: self.starttime) }

    /// Whether the process is held packed (see ``pack()``).
    package var isPacked: Bool {
        if case .packed = self.representation { return true }
        return false
    }

    /// Packs the process (the server does, once per process it decodes). A process whose state letter does not
    /// fit the counter table stays as it is.
    package mutating func pack() {
        guard case .open(let storage) = self.representation else { return }
        let counters = Self.counters(of: storage.fields)
        guard counters[ProcessCounter.state.rawValue] != nil else { return }
        guard let packed = PackedProcess.make(ProcessShape(storage.fields), counters) else { return }
        self.representation = .packed(packed)
    }

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

    /// The fields in a box of their own, or packed (immutable, shared).
    enum Representation: Sendable {
        case open(Storage)
        case packed(PackedProcess)
    }

    var representation: Representation

    /// The fields, unpacked when packed.
    var fields: Fields {
        switch self.representation {
        case .packed(let packed): packed.unpacked
        case .open(let storage): storage.fields
        }
    }

    /// The box to write through: unpacked, and copied first when shared.
    var unique: Storage {
        mutating get {
            switch self.representation {
            case .packed(let packed):
                let storage = Storage(packed.unpacked)
                self.representation = .open(storage)
                return storage
            case .open(var storage):
                // Released from the enum first so that a box held only here is seen as unique.
                self.representation = .packed(PackedProcess.placeholder)
                if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
                self.representation = .open(storage)
                return storage
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        self.representation = .open(Storage(try Fields(from: decoder)))
    }

    public func encode(to encoder: any Encoder) throws {
        try self.fields.encode(to: encoder)
    }

    public static func == (lhs: ProcessSnapshot, rhs: ProcessSnapshot) -> Bool {
        switch (lhs.representation, rhs.representation) {
        case (.open(let a), .open(let b)): a === b || a.fields == b.fields
        case (.packed(let a), .packed(let b)): a.isIdentical(to: b) || (a.shape == b.shape && a.counters == b.counters)
        default: lhs.fields == rhs.fields
        }
    }

    public func hash(into hasher: inout Hasher) {
        self.fields.hash(into: &hasher)
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
