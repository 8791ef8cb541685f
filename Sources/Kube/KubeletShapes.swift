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
    }
}

/// The node part of the kubelet's `/stats/summary` (`node.fs`, `node.runtime.imageFs`, `node.rlimit`).
public struct KubeletStatsSummary: Decodable, Sendable, Hashable {
    public var node: Node

    public struct Node: Decodable, Sendable, Hashable {
        public var nodeName: String?
        public var fs: FsStats?
        public var runtime: Runtime?
        public var rlimit: Rlimit?
    }

    public struct Runtime: Decodable, Sendable, Hashable {
        public var imageFs: FsStats?
    }

    public struct FsStats: Decodable, Sendable, Hashable {
        public var availableBytes: UInt64?
        public var capacityBytes: UInt64?
        public var usedBytes: UInt64?
        public var inodesFree: UInt64?
        public var inodes: UInt64?
        public var inodesUsed: UInt64?
    }

    public struct Rlimit: Decodable, Sendable, Hashable {
        public var maxpid: Int64?
        public var curproc: Int64?
    }
}
