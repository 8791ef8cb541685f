/// The parts of the kubelet's `/configz` answer Podwatch reads: `{"kubeletconfig": {...}}` (a
/// KubeletConfiguration with defaults applied; unknown fields ignored).
public struct KubeletConfigz: Decodable, Sendable, Hashable {
    public var kubeletconfig: Configuration

    public struct Configuration: Decodable, Sendable, Hashable {
        /// `memory.available` → `100Mi`, `nodefs.available` → `10%`, …
        public var evictionHard: [String: String]?
        public var evictionSoft: [String: String]?
        /// `cpu` → `100m`, `memory` → `1Gi`, …
        public var kubeReserved: [String: String]?
        public var systemReserved: [String: String]?

        public init(
            evictionHard: [String: String]? = nil,
            evictionSoft: [String: String]? = nil,
            kubeReserved: [String: String]? = nil,
            systemReserved: [String: String]? = nil
        ) {
            self.evictionHard = evictionHard
            self.evictionSoft = evictionSoft
            self.kubeReserved = kubeReserved
            self.systemReserved = systemReserved
        }
    }
}

/// The kubelet's `/stats/summary`: the node part (`node.fs`, `node.runtime.imageFs`, `node.rlimit`) and each pod's
/// ephemeral storage and containers' CPU, memory, writable layer and logs.
public struct KubeletStatsSummary: Decodable, Sendable, Hashable {
    public var node: Node
    public var pods: [PodStats]?

    public struct PodStats: Decodable, Sendable, Hashable {
        public var podRef: PodReference?
        public var containers: [ContainerStats]?
        public var ephemeralStorage: FsStats?

        enum CodingKeys: String, CodingKey {
            case podRef
            case containers
            case ephemeralStorage = "ephemeral-storage"
        }

        public init(podRef: PodReference?, containers: [ContainerStats]?, ephemeralStorage: FsStats?) {
            self.podRef = podRef
            self.containers = containers
            self.ephemeralStorage = ephemeralStorage
        }
    }

    public struct PodReference: Decodable, Sendable, Hashable {
        public var name: String?
        public var namespace: String?
        public var uid: String?

        public init(name: String?, namespace: String?, uid: String?) {
            self.name = name
            self.namespace = namespace
            self.uid = uid
        }
    }

    public struct ContainerStats: Decodable, Sendable, Hashable {
        public var name: String?
        public var cpu: CPUStats?
        public var memory: MemoryStats?
        public var rootfs: FsStats?
        public var logs: FsStats?

        public init(
            name: String?,
            cpu: CPUStats? = nil,
            memory: MemoryStats? = nil,
            rootfs: FsStats? = nil,
            logs: FsStats? = nil
        ) {
            self.name = name
            self.cpu = cpu
            self.memory = memory
            self.rootfs = rootfs
            self.logs = logs
        }
    }

    public struct CPUStats: Decodable, Sendable, Hashable {
        public var usageNanoCores: UInt64?
    }

    public struct MemoryStats: Decodable, Sendable, Hashable {
        public var workingSetBytes: UInt64?
    }

    public struct Node: Decodable, Sendable, Hashable {
        public var nodeName: String?
        public var fs: FsStats?
        public var runtime: Runtime?
        public var rlimit: Rlimit?

        public init(nodeName: String? = nil, fs: FsStats? = nil, runtime: Runtime? = nil, rlimit: Rlimit? = nil) {
            self.nodeName = nodeName
            self.fs = fs
            self.runtime = runtime
            self.rlimit = rlimit
        }
    }

    public struct Runtime: Decodable, Sendable, Hashable {
        public var imageFs: FsStats?

        public init(imageFs: FsStats?) {
            self.imageFs = imageFs
        }
    }

    public struct FsStats: Decodable, Sendable, Hashable {
        public var availableBytes: UInt64?
        public var capacityBytes: UInt64?
        public var usedBytes: UInt64?
        public var inodesFree: UInt64?
        public var inodes: UInt64?
        public var inodesUsed: UInt64?

        public init(
            availableBytes: UInt64? = nil,
            capacityBytes: UInt64? = nil,
            usedBytes: UInt64? = nil,
            inodesFree: UInt64? = nil,
            inodes: UInt64? = nil,
            inodesUsed: UInt64? = nil
        ) {
            self.availableBytes = availableBytes
            self.capacityBytes = capacityBytes
            self.usedBytes = usedBytes
            self.inodesFree = inodesFree
            self.inodes = inodes
            self.inodesUsed = inodesUsed
        }
    }

    public struct Rlimit: Decodable, Sendable, Hashable {
        public var maxpid: Int64?
        public var curproc: Int64?
    }
}

/// The kubelet's `/spec` (cAdvisor's MachineInfo), where a kubelet still serves it: cores and memory capacity.
public struct KubeletMachineSpec: Decodable, Sendable, Hashable {
    public var numCores: Int64?
    public var memoryCapacity: UInt64?

    enum CodingKeys: String, CodingKey {
        case numCores = "num_cores"
        case memoryCapacity = "memory_capacity"
    }
}
