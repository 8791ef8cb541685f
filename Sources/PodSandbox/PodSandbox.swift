internal import CProcessLimits

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Real processes in real cgroups, laid out exactly as the kubelet lays out pods, so that the agent can
/// be tested and benchmarked against the kernel rather than against fixtures.
///
/// Everything lives under one uniquely named top directory in every cgroup hierarchy, and ``destroy()``
/// kills the processes and removes every directory it made. Needs root and a writable cgroupfs.
public final class PodSandbox {
    /// How the kubelet names cgroups.
    public enum Driver: Sendable {
        /// `kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope`
        case systemd
        /// `kubepods/burstable/pod<uid>/<id>`
        case cgroupfs
    }

    /// A container made by the sandbox.
    public struct Container: Sendable, Hashable {
        public var id: String
        public var pids: [Int32]
        /// The cgroup path relative to a hierarchy root, as /proc/PID/cgroup shows it.
        public var cgroupPath: String
    }

    /// A pod made by the sandbox.
    public struct Pod: Sendable, Hashable {
        public var uid: String
        public var containers: [Container]
    }

    public let cgroupRoot: String
    /// The unique top directory (relative to each hierarchy root).
    public let top: String
    private let hierarchies: [String]
    private var directories: [String] = []
    private var children: [pid_t] = []
    public private(set) var pods: [Pod] = []

    /// Prepares a sandbox under `cgroupRoot`; nothing is created until ``addPod(driver:containers:processesPerContainer:command:)``.
    public init(cgroupRoot: String = "/sys/fs/cgroup", name: String? = nil) throws(SandboxError) {
        self.cgroupRoot = cgroupRoot
        self.top = name ?? "podwatch-sandbox-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var hierarchies: [String] = []
        if access("\(cgroupRoot)/cgroup.controllers", F_OK) == 0 {
            hierarchies = [cgroupRoot]
        } else {
            for name in ["cpu", "cpuacct", "memory", "pids", "blkio", "unified"]
            where access("\(cgroupRoot)/\(name)", W_OK) == 0 {
                hierarchies.append("\(cgroupRoot)/\(name)")
            }
        }
        guard !hierarchies.isEmpty else { throw SandboxError("no writable cgroup hierarchy under \(cgroupRoot)") }
        self.hierarchies = hierarchies
    }

    deinit {
        self.destroy()
    }

    /// What to run in one container, and its limits (written to the cgroup like the kubelet would).
    public struct ContainerSpec: Sendable, Hashable {
        /// One argument vector per process.
        public var commands: [[String]]
        public var cpuLimitCores: Double?
        public var memoryLimitBytes: UInt64?

        public init(commands: [[String]], cpuLimitCores: Double? = nil, memoryLimitBytes: UInt64? = nil) {
            self.commands = commands
            self.cpuLimitCores = cpuLimitCores
            self.memoryLimitBytes = memoryLimitBytes
        }
    }

    /// Creates a pod with `containers` containers of `processesPerContainer` processes each, running
    /// `command` (default: a long sleep). Returns it with its UID, container IDs and PIDs.
    @discardableResult
    public func addPod(
        driver: Driver = .systemd,
        qos: String = "burstable",
        containers: Int = 1,
        processesPerContainer: Int = 1,
        command: [String] = ["/bin/sleep", "86400"]
    ) throws(SandboxError) -> Pod {
        let spec = ContainerSpec(commands: Array(repeating: command, count: processesPerContainer))
        return try self.addPod(driver: driver, qos: qos, specs: Array(repeating: spec, count: containers))
    }

    /// Creates a pod with one container per spec.
    @discardableResult
    public func addPod(
        driver: Driver = .systemd,
        qos: String = "burstable",
        specs: [ContainerSpec]
    ) throws(SandboxError) -> Pod {
        let uid = Self.randomUUID()
        var pod = Pod(uid: uid, containers: [])
        let underscored = String(uid.map { $0 == "-" ? "_" : $0 })
        let podPath: String
        switch driver {
        case .systemd:
            podPath = "\(self.top)/kubepods.slice/kubepods-\(qos).slice/kubepods-\(qos)-pod\(underscored).slice"
        case .cgroupfs:
            podPath = "\(self.top)/kubepods/\(qos)/pod\(uid)"
        }
        for spec in specs {
            let id = Self.randomHex(64)
            let path = driver == .systemd ? "\(podPath)/cri-containerd-\(id).scope" : "\(podPath)/\(id)"
            try self.makeDirectories(path)
            self.applyLimits(spec, to: path)
            var pids: [Int32] = []
            for command in spec.commands {
                let pid = try self.spawn(command)
                try self.move(pid, to: path)
                pids.append(pid)
            }
            pod.containers.append(Container(id: id, pids: pids, cgroupPath: "/\(path)"))
        }
        self.pods.append(pod)
        return pod
    }

    /// The absolute directory of `cgroupPath` in the hierarchy named `hierarchy` (`memory`, `unified`…).
    public func directory(_ cgroupPath: String, in hierarchy: String) -> String {
        self.hierarchies.count == 1 ? "\(self.cgroupRoot)\(cgroupPath)" : "\(self.cgroupRoot)/\(hierarchy)\(cgroupPath)"
    }

    /// Kills every process — including ones the workloads forked — and removes every directory; safe to
    /// call twice.
    public func destroy() {
        for pid in self.children { kill(pid, SIGKILL) }
        for pid in self.children {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        self.children = []
        // Descendants (a shell's `sleep`) live in the same cgroups: kill what each still lists until empty.
        for _ in 0..<100 {
            var remaining = 0
            for directory in self.directories {
                for pid in Self.processes(in: directory) {
                    remaining += 1
                    kill(pid, SIGKILL)
                }
            }
            if remaining == 0 { break }
            usleep(20_000)
        }
        // Deepest first; a directory is removable once no process is in it.
        for directory in self.directories.reversed() { rmdir(directory) }
        self.directories = []
        self.pods = []
    }

    /// The PIDs a cgroup directory lists in `cgroup.procs`.
    static func processes(in directory: String) -> [pid_t] {
        guard let file = fopen("\(directory)/cgroup.procs", "r") else { return [] }
        defer { fclose(file) }
        var pids: [pid_t] = []
        var line = [CChar](repeating: 0, count: 32)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(
                decoding: line.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) },
                as: UTF8.self
            )
            if let pid = pid_t(text) { pids.append(pid) }
        }
        return pids
    }

    private func makeDirectories(_ path: String) throws(SandboxError) {
        for hierarchy in self.hierarchies {
            var current = hierarchy
            for component in path.split(separator: "/") {
                current += "/\(component)"
                if mkdir(current, 0o755) == 0 {
                    self.directories.append(current)
                } else if errno != EEXIST {
                    throw SandboxError("mkdir \(current): errno \(errno)")
                }
            }
        }
    }

    /// Writes CPU and memory limits where the hierarchy has them (v1 names, then v2); best effort.
    private func applyLimits(_ spec: ContainerSpec, to path: String) {
        for hierarchy in self.hierarchies {
            let directory = "\(hierarchy)/\(path)"
            if let cores = spec.cpuLimitCores {
                let quota = Int(cores * 100_000)
                Self.write("\(quota)\n", to: "\(directory)/cpu.cfs_quota_us")
                Self.write("\(quota) 100000\n", to: "\(directory)/cpu.max")
            }
            if let bytes = spec.memoryLimitBytes {
                Self.write("\(bytes)\n", to: "\(directory)/memory.limit_in_bytes")
                Self.write("\(bytes)\n", to: "\(directory)/memory.max")
            }
        }
    }

    @discardableResult
    private static func write(_ text: String, to file: String) -> Bool {
        let descriptor = open(file, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        return Glibc.write(descriptor, bytes, bytes.count) == bytes.count
    }

    private func move(_ pid: pid_t, to path: String) throws(SandboxError) {
        for hierarchy in self.hierarchies {
            let file = "\(hierarchy)/\(path)/cgroup.procs"
            let descriptor = open(file, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw SandboxError("open \(file): errno \(errno)") }
            defer { close(descriptor) }
            let text = Array("\(pid)\n".utf8)
            guard Glibc.write(descriptor, text, text.count) == text.count else {
                throw SandboxError("write \(file): errno \(errno)")
            }
        }
    }

    private func spawn(_ command: [String]) throws(SandboxError) -> pid_t {
        guard let program = command.first else { throw SandboxError("empty command") }
        var pid: pid_t = 0
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        // Descriptors from 3 up are closed in the child: these processes outlive the test that made them, and one
        // that inherited another test's pipe would keep that pipe's reader from ever seeing end-of-file.
        let result = podwatch_spawn_closing_descriptors(&pid, program, &arguments, environ, 0)
        guard result == 0 else { throw SandboxError("posix_spawn \(program): errno \(result)") }
        self.children.append(pid)
        return pid
    }

    static func randomHex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int.random(in: 0..<16)] })
    }

    static func randomUUID() -> String {
        let hex = Self.randomHex(32)
        var result = ""
        for (index, character) in hex.enumerated() {
            if [8, 12, 16, 20].contains(index) { result.append("-") }
            result.append(character)
        }
        return result
    }
}

@available(*, unavailable, message: "owns child processes; use from one task")
extension PodSandbox: Sendable {}

/// Why the sandbox could not be built.
public struct SandboxError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
