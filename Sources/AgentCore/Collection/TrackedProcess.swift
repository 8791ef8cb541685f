import KernelStats
import Telemetry

/// One live process the agent follows across passes: its per-process files, the facts read once per
/// lifetime (cmdline, cgroups, identity, network namespace), and its last sample.
///
/// Identity is (PID, starttime). Files are ``PolledFile``s: kept open while read pass after pass (a kept
/// descriptor of a dead process fails with ESRCH), opened afresh otherwise — so every sample checks that
/// `stat`'s start time is still this process's, and a recycled PID shows up as a new `TrackedProcess`.
///
/// Reads are change-driven (see ``ReadPolicy``): `stat` and `schedstat` every pass the process is sampled;
/// `status`, `statm` and `io` only when they can have changed, and all of them at least every
/// `refreshPasses` passes. A process of an idle container is not sampled at all (``reuse(pass:)``).
final class TrackedProcess {
    let pid: Int32
    let starttime: UInt64
    /// `<proc-root>/<pid>`: the files' paths are built from it only when one must be opened.
    private let directory: String
    private let budget: DescriptorBudget
    private var stat = PolledFile()
    private var schedstat: PolledFile?
    private var status = PolledFile()
    private var io: PolledFile?
    private var statm = PolledFile()
    let cmdline: [String]
    let cgroups: [CgroupMembership]
    let cgroup: PIDCgroup?
    /// The pod and container, or nil for a host process.
    let identity: ContainerIdentity?
    /// A small number standing for `identity`, so that grouping a pass does not hash two strings per process.
    let containerSlot: Int?
    let networkNamespace: UInt64?
    private(set) var last: ProcessSnapshot?
    private var lastSchedstat: PIDSchedstat?
    private var passesSinceFullRead = 0
    /// Passes since `stat` was last read: a skipped process is still read every `refreshPasses` passes.
    private(set) var passesSinceRead = 0

    /// Reads the process's `stat` and its once-per-lifetime facts. Throws `.gone` if it exited.
    init(
        pid: Int32,
        procRoot: String,
        buffer: inout ReadBuffer,
        slots: ContainerSlots,
        budget: DescriptorBudget,
        pass: Int
    ) throws(KernelStatsError) {
        let directory = "\(procRoot)/\(pid)"
        self.pid = pid
        self.directory = directory
        self.budget = budget
        var stat = PolledFile()
        self.starttime = try stat.parse(
            PIDStat.self,
            "\(directory)/stat",
            buffer: &buffer,
            pass: pass,
            budget: budget
        ).starttime
        self.stat = stat
        // Absent on kernels without schedstats: then never looked for again.
        self.schedstat = KernelFile.exists("\(directory)/schedstat") ? PolledFile() : nil
        self.io = PolledFile()
        self.cmdline =
            (try? KernelFile.readOnce("\(directory)/cmdline", into: &buffer)).flatMap {
                try? PIDCmdline(parsing: $0).arguments
            } ?? []
        // Shared by every process with the same cgroup file: the parsed lines and the identity's strings.
        let shared = (try? KernelFile.readOnce("\(directory)/cgroup", into: &buffer)).flatMap { slots.cgroup($0) }
        self.cgroup = shared?.cgroup
        self.cgroups = shared?.cgroup.memberships ?? []
        self.identity = shared?.identity
        self.containerSlot = shared?.identity.map { slots.slot(for: $0) }
        self.networkNamespace = NamespaceLink.inode("\(directory)/ns/net")
    }

    /// The last sample again, without reading anything (the process's container did not run since), or nil
    /// when there is none or it is due for a read (`refreshPasses`). Kept descriptors of a process that stays
    /// idle go back to the budget.
    func reuse(pass: Int, refreshPasses: Int) -> ProcessSnapshot? {
        guard let last = self.last, self.passesSinceRead + 1 < refreshPasses else { return nil }
        self.passesSinceRead += 1
        self.stat.release(ifIdleSince: pass, idlePasses: 2)
        self.schedstat?.release(ifIdleSince: pass, idlePasses: 2)
        self.status.release(ifIdleSince: pass, idlePasses: 2)
        self.io?.release(ifIdleSince: pass, idlePasses: 2)
        self.statm.release(ifIdleSince: pass, idlePasses: 2)
        return last
    }

    /// Samples the process. Throws `.gone` when it exited (or its PID now names another process).
    func sample(
        into buffer: inout ReadBuffer,
        policy: ReadPolicy,
        issues: inout [CollectionIssue],
        pass: Int
    ) throws(KernelStatsError) -> ProcessSnapshot {
        let schedstat = try self.readSchedstat(&buffer, &issues, pass)
        let stat = try self.stat.parse(
            PIDStat.self,
            "\(self.directory)/stat",
            buffer: &buffer,
            pass: pass,
            budget: self.budget
        )
        guard stat.starttime == self.starttime else {
            throw KernelStatsError(.gone, file: "\(self.directory)/stat", detail: "PID now names another process")
        }
        self.passesSinceRead = 0
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
            io = try self.readIO(&buffer, &issues, pass)
            // Another thread did I/O: it ran, so status may have moved too.
            if io != self.last?.io { decision.status = true }
        }
        var snapshot: ProcessSnapshot
        if let last = self.last, !decision.status {
            snapshot = last
            // Unchanged (a process that slept): the last sample's box is shared, not copied.
            if snapshot.stat != stat { snapshot.stat = stat }
        } else {
            snapshot = ProcessSnapshot(
                stat: stat,
                cmdline: self.cmdline,
                cgroups: self.cgroups,
                networkNamespace: self.networkNamespace
            )
            snapshot.status = try self.optional(&self.status, "status", PIDStatus.self, &buffer, &issues, pass)
            snapshot.statm = try self.optional(&self.statm, "statm", PIDStatm.self, &buffer, &issues, pass)
            self.passesSinceFullRead = 0
        }
        if snapshot.io != io { snapshot.io = io }
        self.last = snapshot
        return snapshot
    }

    /// `schedstat`, or nil on kernels without it (then not looked for again).
    private func readSchedstat(
        _ buffer: inout ReadBuffer,
        _ issues: inout [CollectionIssue],
        _ pass: Int
    ) throws(KernelStatsError) -> PIDSchedstat? {
        guard self.schedstat != nil else { return nil }
        do {
            return try self.schedstat?.parse(
                PIDSchedstat.self,
                "\(self.directory)/schedstat",
                buffer: &buffer,
                pass: pass,
                budget: self.budget
            )
        } catch  where error.kind == .gone {
            throw error
        } catch  where error.isOutOfDescriptors {
            return nil
        } catch {
            issues.append(CollectionIssue(error))
            return nil
        }
    }

    private func readIO(
        _ buffer: inout ReadBuffer,
        _ issues: inout [CollectionIssue],
        _ pass: Int
    ) throws(KernelStatsError) -> PIDIO? {
        guard self.io != nil else { return nil }
        do {
            return try self.io?.parse(
                PIDIO.self,
                "\(self.directory)/io",
                buffer: &buffer,
                pass: pass,
                budget: self.budget
            )
        } catch  where error.kind == .unreadable {
            self.io = nil  // permission is checked on read too: absent from now on, not zero
            return nil
        } catch  where error.kind == .gone {
            throw error
        } catch  where error.isOutOfDescriptors {
            return nil  // counted by the budget and reported once per pass
        } catch {
            issues.append(CollectionIssue(error))
            return nil
        }
    }

    /// Parses an optional file; `.gone` propagates (the process exited mid-pass), running out of descriptors
    /// leaves the field nil (counted by the budget, reported once per pass), other failures are recorded.
    private func optional<T: KernelFileParsable>(
        _ file: inout PolledFile,
        _ name: String,
        _ type: T.Type,
        _ buffer: inout ReadBuffer,
        _ issues: inout [CollectionIssue],
        _ pass: Int
    ) throws(KernelStatsError) -> T? {
        do {
            return try file.parse(type, "\(self.directory)/\(name)", buffer: &buffer, pass: pass, budget: self.budget)
        } catch  where error.kind == .gone {
            throw error
        } catch  where error.isOutOfDescriptors {
            return nil
        } catch {
            issues.append(CollectionIssue(error))
            return nil
        }
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension TrackedProcess: Sendable {}
