import KernelStats
import Telemetry

/// One live process the agent follows across passes: its kept descriptors and the facts read once per
/// lifetime (cmdline, cgroups, identity, network namespace).
///
/// Identity is (PID, starttime). A kept descriptor of a dead process fails with ESRCH, so a recycled PID
/// can never be read through it: it shows up as a new directory entry and gets a new `TrackedProcess`.
final class TrackedProcess {
    let pid: Int32
    let starttime: UInt64
    private let stat: KernelFile
    private let status: KernelFile?
    private var io: KernelFile?
    private let statm: KernelFile?
    let cmdline: [String]
    let cgroups: [CgroupMembership]
    let cgroup: PIDCgroup?
    /// The pod and container, or nil for a host process.
    let identity: ContainerIdentity?
    let networkNamespace: UInt64?

    /// Opens the process's files and reads its once-per-lifetime facts. Throws `.gone` if it exited.
    init(pid: Int32, procRoot: String, buffer: inout ReadBuffer) throws(KernelStatsError) {
        let directory = "\(procRoot)/\(pid)"
        self.pid = pid
        self.stat = try KernelFile(path: "\(directory)/stat")
        self.starttime = try self.stat.parse(PIDStat.self, buffer: &buffer).starttime
        self.status = try? KernelFile(path: "\(directory)/status")
        // Unreadable without ptrace access: then absent, and not retried every pass.
        self.io = try? KernelFile(path: "\(directory)/io")
        self.statm = try? KernelFile(path: "\(directory)/statm")
        self.cmdline =
            (try? KernelFile.readOnce("\(directory)/cmdline", into: &buffer)).flatMap {
                try? PIDCmdline(parsing: $0).arguments
            } ?? []
        let cgroup = (try? KernelFile.readOnce("\(directory)/cgroup", into: &buffer)).flatMap {
            try? PIDCgroup(parsing: $0)
        }
        self.cgroup = cgroup
        self.cgroups = cgroup?.memberships ?? []
        self.identity = cgroup?.identityPath.flatMap { ContainerIdentity(cgroupPath: $0) }
        self.networkNamespace = NamespaceLink.inode("\(directory)/ns/net")
    }

    /// Reads stat, status, io and statm. Throws `.gone` when the process exited.
    func sample(
        into buffer: inout ReadBuffer,
        issues: inout [CollectionIssue]
    ) throws(KernelStatsError) -> ProcessSnapshot {
        let stat = try self.stat.parse(PIDStat.self, buffer: &buffer)
        var snapshot = ProcessSnapshot(
            stat: stat,
            cmdline: self.cmdline,
            cgroups: self.cgroups,
            networkNamespace: self.networkNamespace
        )
        snapshot.status = try self.optional(self.status, PIDStatus.self, &buffer, &issues)
        if let io = self.io {
            do {
                snapshot.io = try io.parse(PIDIO.self, buffer: &buffer)
            } catch  where error.kind == .unreadable {
                self.io = nil  // permission is checked on read too: absent from now on, not zero
            } catch  where error.kind == .gone {
                throw error
            } catch {
                issues.append(CollectionIssue(error))
            }
        }
        snapshot.statm = try self.optional(self.statm, PIDStatm.self, &buffer, &issues)
        return snapshot
    }

    /// Parses an optional file; `.gone` propagates (the process exited mid-pass), other failures are
    /// recorded and the field left nil.
    private func optional<T: KernelFileParsable>(
        _ file: KernelFile?,
        _ type: T.Type,
        _ buffer: inout ReadBuffer,
        _ issues: inout [CollectionIssue]
    ) throws(KernelStatsError) -> T? {
        guard let file else { return nil }
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
