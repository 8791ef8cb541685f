import KernelStats
import Telemetry

/// One live process the agent follows across passes: its kept descriptors, the facts read once per
/// lifetime (cmdline, cgroups, identity, network namespace), and its last sample.
///
/// Identity is (PID, starttime). A kept descriptor of a dead process fails with ESRCH, so a recycled PID
/// can never be read through it: it shows up as a new directory entry and gets a new `TrackedProcess`.
///
/// Reads are change-driven (see ``ReadPolicy``): `stat` and `schedstat` every pass; `status`, `statm` and
/// `io` only when they can have changed, and all of them at least every `refreshPasses` passes.
final class TrackedProcess {
    let pid: Int32
    let starttime: UInt64
    private let stat: KernelFile
    private let schedstat: KernelFile?
    private let status: KernelFile?
    private var io: KernelFile?
    private let statm: KernelFile?
    let cmdline: [String]
    let cgroups: [CgroupMembership]
    let cgroup: PIDCgroup?
    /// The pod and container, or nil for a host process.
    let identity: ContainerIdentity?
    /// A small number standing for `identity`, so that grouping a pass does not hash two strings per process.
    let containerSlot: Int?
    let networkNamespace: UInt64?
    private var last: ProcessSnapshot?
    private var lastSchedstat: PIDSchedstat?
    private var passesSinceFullRead = 0

    /// Opens the process's files and reads its once-per-lifetime facts. Throws `.gone` if it exited.
    init(pid: Int32, procRoot: String, buffer: inout ReadBuffer, slots: ContainerSlots) throws(KernelStatsError) {
        let directory = "\(procRoot)/\(pid)"
        self.pid = pid
        self.stat = try KernelFile(path: "\(directory)/stat")
        self.starttime = try self.stat.parse(PIDStat.self, buffer: &buffer).starttime
        self.schedstat = try? KernelFile(path: "\(directory)/schedstat")
        self.status = try? KernelFile(path: "\(directory)/status")
        // Unreadable without ptrace access: then absent, and not retried every pass.
        self.io = try? KernelFile(path: "\(directory)/io")
        self.statm = try? KernelFile(path: "\(directory)/statm")
        self.cmdline =
            (try? KernelFile.readOnce("\(directory)/cmdline", into: &buffer)).flatMap {
                try? PIDCmdline(parsing: $0).arguments
            } ?? []
        let cgroup = (try? KernelFile.readOnce("\(directory)/cgroup", into: &buffer)).flatMap { slots.cgroup($0) }
        self.cgroup = cgroup
        self.cgroups = cgroup?.memberships ?? []
        let identity = cgroup?.identityPath.flatMap { ContainerIdentity(cgroupPath: $0) }
        self.identity = identity
        self.containerSlot = identity.map { slots.slot(for: $0) }
        self.networkNamespace = NamespaceLink.inode("\(directory)/ns/net")
    }

    /// Samples the process. Throws `.gone` when it exited.
    func sample(
        into buffer: inout ReadBuffer,
        policy: ReadPolicy,
        issues: inout [CollectionIssue]
    ) throws(KernelStatsError) -> ProcessSnapshot {
        let schedstat = try self.schedstat.flatMap { file throws(KernelStatsError) in
            try Self.optional(file, PIDSchedstat.self, &buffer, &issues)
        }
        let stat = try self.stat.parse(PIDStat.self, buffer: &buffer)
        self.passesSinceFullRead += 1
        var decision = policy.decide(
            previous: self.last,
            stat: stat,
            schedstat: (self.lastSchedstat, schedstat),
            passesSinceFullRead: self.passesSinceFullRead
        )
        self.lastSchedstat = schedstat
        var io = self.last?.io
        if decision.io {
            io = try self.readIO(&buffer, &issues)
            // Another thread did I/O: it ran, so status may have moved too.
            if io != self.last?.io { decision.status = true }
        }
        var snapshot: ProcessSnapshot
        if let last = self.last, !decision.status {
            snapshot = last
            snapshot.stat = stat
        } else {
            snapshot = ProcessSnapshot(
                stat: stat,
                cmdline: self.cmdline,
                cgroups: self.cgroups,
                networkNamespace: self.networkNamespace
            )
            snapshot.status = try self.status.flatMap { file throws(KernelStatsError) in
                try Self.optional(file, PIDStatus.self, &buffer, &issues)
            }
            snapshot.statm = try self.statm.flatMap { file throws(KernelStatsError) in
                try Self.optional(file, PIDStatm.self, &buffer, &issues)
            }
            self.passesSinceFullRead = 0
        }
        snapshot.io = io
        self.last = snapshot
        return snapshot
    }

    private func readIO(
        _ buffer: inout ReadBuffer,
        _ issues: inout [CollectionIssue]
    ) throws(KernelStatsError) -> PIDIO? {
        guard let file = self.io else { return nil }
        do {
            return try file.parse(PIDIO.self, buffer: &buffer)
        } catch  where error.kind == .unreadable {
            self.io = nil  // permission is checked on read too: absent from now on, not zero
            return nil
        } catch  where error.kind == .gone {
            throw error
        } catch {
            issues.append(CollectionIssue(error))
            return nil
        }
    }

    /// Parses an optional file; `.gone` propagates (the process exited mid-pass), other failures are
    /// recorded and the field left nil.
    private static func optional<T: KernelFileParsable>(
        _ file: KernelFile,
        _ type: T.Type,
        _ buffer: inout ReadBuffer,
        _ issues: inout [CollectionIssue]
    ) throws(KernelStatsError) -> T? {
        do {
            return try file.parse(type, buffer: &buffer)
        } catch  where error.kind == .gone {
            throw error
        } catch {
            issues.append(CollectionIssue(error))
            return nil
        }
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension TrackedProcess: Sendable {}
