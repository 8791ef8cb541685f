import KernelStats
import Telemetry

/// One shared copy of each distinct cmdline, cgroup list and ID list a connection's processes carry. Decoding
/// gives every process its own arrays, yet most are repeats — the workers of a pod share a cmdline and cgroup,
/// nearly every process has the same UIDs — and those arrays were a fifth of what the server held per node.
/// Bounded: past `limit` distinct values it starts over (sharing is lost for a while, nothing else).
struct ProcessInterner {
    private var cmdlines: Set<[String]> = []
    private var cgroups: Set<[CgroupMembership]> = []
    private var ids: Set<[UInt32]> = []
    private var namespacePIDs: Set<[Int32]> = []
    private let limit: Int

    init(limit: Int = 8_192) {
        self.limit = limit
    }

    mutating func intern(_ process: inout ProcessSnapshot) {
        process.cmdline = Self.shared(process.cmdline, in: &self.cmdlines, limit: self.limit)
        process.cgroups = Self.shared(process.cgroups, in: &self.cgroups, limit: self.limit)
        guard var status = process.status else { return }
        // Taken out and written back whole so that the three writes do not each copy the status.
        process.status = nil
        status.uid = Self.shared(status.uid, in: &self.ids, limit: self.limit)
        status.gid = Self.shared(status.gid, in: &self.ids, limit: self.limit)
        status.nsPID = Self.shared(status.nsPID, in: &self.namespacePIDs, limit: self.limit)
        process.status = status
    }

    mutating func intern(_ processes: inout [ProcessSnapshot]) {
        for index in processes.indices { self.intern(&processes[index]) }
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
