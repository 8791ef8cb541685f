internal import SystemPackage

/// Where a process's cgroups live on disk, per controller.
public struct CgroupDirectories: Hashable, Sendable {
    /// The cgroup-v2 directory (on hybrid hosts: under the `unified` mount).
    public var unified: String?
    public var cpu: String?
    public var cpuacct: String?
    public var memory: String?
    public var pids: String?
    public var blkio: String?

    public init(
        unified: String? = nil,
        cpu: String? = nil,
        cpuacct: String? = nil,
        memory: String? = nil,
        pids: String? = nil,
        blkio: String? = nil
    ) {
        self.unified = unified
        self.cpu = cpu
        self.cpuacct = cpuacct
        self.memory = memory
        self.pids = pids
        self.blkio = blkio
    }
}

/// The cgroup filesystem rooted at a configurable path (`/sys/fs/cgroup`, or `/host/sys/fs/cgroup` in
/// the DaemonSet, or a fixture tree), with its layout detected once.
public struct CgroupFS: Hashable, Sendable {
    /// unified: pure v2 at the root; hybrid: v1 controllers plus v2 at `unified/`; legacy: v1 only.
    public enum Layout: String, Hashable, Sendable {
        case unified
        case hybrid
        case legacy
    }

    public let root: String
    public let layout: Layout

    public init(root: String) {
        self.root = root
        if Self.exists("\(root)/cgroup.controllers") {
            self.layout = .unified
        } else if Self.exists("\(root)/unified/cgroup.controllers") {
            self.layout = .hybrid
        } else {
            self.layout = .legacy
        }
    }

    /// The root of the v2 hierarchy, if any.
    public var unifiedRoot: String? {
        switch self.layout {
        case .unified: self.root
        case .hybrid: "\(self.root)/unified"
        case .legacy: nil
        }
    }

    /// The directories of the cgroups listed in a process's `/proc/PID/cgroup`.
    ///
    /// Leading `/..` components (the process sits outside the reader's cgroup namespace) are dropped:
    /// the agent reads the host's cgroupfs, whose root is the host root.
    public func directories(for cgroup: PIDCgroup) -> CgroupDirectories {
        var result = CgroupDirectories()
        if let unifiedRoot = self.unifiedRoot, let path = cgroup.unifiedPath {
            result.unified = Self.join(unifiedRoot, path)
        }
        guard self.layout != .unified else { return result }
        func v1(_ controller: String) -> String? {
            cgroup.path(forController: controller).map { Self.join("\(self.root)/\(controller)", $0) }
        }
        result.cpu = v1("cpu")
        result.cpuacct = v1("cpuacct")
        result.memory = v1("memory")
        result.pids = v1("pids")
        result.blkio = v1("blkio")
        return result
    }

    static func join(_ mount: String, _ path: String) -> String {
        let parts = path.split(separator: "/").filter { $0 != ".." && $0 != "." }
        return parts.isEmpty ? mount : "\(mount)/\(parts.joined(separator: "/"))"
    }

    static func exists(_ path: String) -> Bool {
        guard let descriptor = try? FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec]) else {
            return false
        }
        try? descriptor.close()
        return true
    }
}
