import Telemetry

/// One shared copy of each distinct cmdline, cgroup list and ID list a connection's processes carry. Decoding
/// gives every process its own arrays, yet most are repeats — the workers of a pod share a cmdline and cgroup,
/// nearly every process has the same UIDs — and those arrays were a fifth of what the server held per node.
/// Bounded by what is alive: `forgetAllBut` drops the values no current process holds (the decoder calls it
/// every so often, or a connection that lives for weeks would keep every ended pod's cgroup list), and past
/// `limit` distinct values it starts over (sharing is lost for a while, nothing else).
///
/// With a redaction, command lines are redacted as they are interned: once per process that arrives, before
/// anything keeps them.
struct ProcessInterner {
    private var cmdlines: Set<[String]> = []
    private var cgroups: Set<[CgroupMembership]> = []
    private var ids: Set<[UInt32]> = []
    private var namespacePIDs: Set<[Int32]> = []
    private let limit: Int
    let redaction: CommandLineRedaction?

    init(limit: Int = 4_096, redaction: CommandLineRedaction? = nil) {
        self.limit = limit
        self.redaction = redaction
    }

    mutating func intern(_ process: inout ProcessSnapshot) {
        process.cmdline = self.sharedCommandLine(process.cmdline)
        process.cgroups = Self.shared(process.cgroups, in: &self.cgroups, limit: self.limit)
        guard var status = process.status else { return }
        // Taken out and written back whole so that the three writes do not each copy the status.
        process.status = nil
        status.uid = Self.shared(status.uid, in: &self.ids, limit: self.limit)
        status.gid = Self.shared(status.gid, in: &self.ids, limit: self.limit)
        status.nsPID = Self.shared(status.nsPID, in: &self.namespacePIDs, limit: self.limit)
        process.status = status
    }

    /// The shared, redacted copy. A command line already held is returned as it is without redacting it again:
    /// what the set holds is already redacted, and redaction changes nothing a second time (a keyframe repeats
    /// every known command line; the workers of a pod share theirs).
    private mutating func sharedCommandLine(_ cmdline: [String]) -> [String] {
        if let index = self.cmdlines.firstIndex(of: cmdline) { return self.cmdlines[index] }
        let redacted = self.redaction.map { $0.redact(cmdline) } ?? cmdline
        return Self.shared(redacted, in: &self.cmdlines, limit: self.limit)
    }

    mutating func intern(_ processes: inout [ProcessSnapshot]) {
        for index in processes.indices { self.intern(&processes[index]) }
    }

    /// Keeps only the values `snapshot`'s processes hold (already shared, so nothing is written back). The lists
    /// are read in place (``ProcessSnapshot/sharedLists``), and a list held by the process before (the same
    /// storage: the workers of a pod share theirs) is not hashed again.
    mutating func forgetAllBut(_ snapshot: Snapshot) {
        // About as many values as before: sized once instead of grown (and rehashed) step by step. Only the counts
        // are kept, so the old sets are gone before the new ones fill.
        let counts = (self.cmdlines.count, self.cgroups.count, self.ids.count, self.namespacePIDs.count)
        self = ProcessInterner(limit: self.limit, redaction: self.redaction)
        self.cmdlines.reserveCapacity(counts.0)
        self.cgroups.reserveCapacity(counts.1)
        self.ids.reserveCapacity(counts.2)
        self.namespacePIDs.reserveCapacity(counts.3)
        var previous: ProcessSnapshot.SharedLists?
        for list in snapshot.containers.map(\.processes) + [snapshot.hostProcesses] {
            for index in list.indices {
                let lists = list[index].sharedLists
                Self.keep(lists.cmdline, previous?.cmdline, in: &self.cmdlines)
                Self.keep(lists.cgroups, previous?.cgroups, in: &self.cgroups)
                if let ids = lists.ids {
                    let previousIDs = previous?.ids
                    Self.keep(ids.uid, previousIDs?.uid, in: &self.ids)
                    Self.keep(ids.gid, previousIDs?.gid, in: &self.ids)
                    Self.keep(ids.nsPID, previousIDs?.nsPID, in: &self.namespacePIDs)
                }
                previous = lists
            }
        }
    }

    /// Inserts `value` unless it is `previous`'s very storage (inserted already).
    private static func keep<Element: Hashable>(
        _ value: [Element],
        _ previous: [Element]?,
        in set: inout Set<[Element]>
    ) {
        if let previous, Self.sameStorage(value, previous) { return }
        set.insert(value)
    }

    /// Whether both arrays are one storage (so certainly equal), without comparing their elements.
    private static func sameStorage<Element>(_ a: [Element], _ b: [Element]) -> Bool {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in x.count == y.count && x.baseAddress == y.baseAddress }
        }
    }

    private static func shared<Element: Hashable>(
        _ value: [Element],
        in set: inout Set<[Element]>,
        limit: Int
    )
        -> [Element]
    {
        if value.isEmpty { return value }
        if set.count >= limit { set.removeAll(keepingCapacity: true) }
        return set.insert(value).memberAfterInsert
    }
}
