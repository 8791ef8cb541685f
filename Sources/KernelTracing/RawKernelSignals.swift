/// One read of the kernel maps, keyed as the kernel keys them: by cgroup id (the inode of the cgroup's directory),
/// network namespace inode and device number. ``KernelTracer/drain()`` returns it; the agent joins it to the
/// pass's containers.
public struct RawKernelSignals: Sendable, Hashable {
    /// A latency histogram: bucket i counts [2^i, 2^(i+1)) microseconds.
    public typealias Buckets = [UInt64]

    public struct Endpoint: Sendable, Hashable {
        public var networkNamespace: UInt64
        /// Dotted IPv4 or RFC 5952 IPv6.
        public var address: String
        public var port: UInt16
        public var count: UInt64
    }

    public enum EventKind: Sendable, Hashable {
        case oomKill
        case exit(lifetimeNanoseconds: UInt64)
    }

    public struct Event: Sendable, Hashable {
        public var kind: EventKind
        public var pid: Int32
        public var cgroup: UInt64
        public var command: String
        /// CLOCK_BOOTTIME, nanoseconds.
        public var bootNanoseconds: UInt64
    }

    public var syscalls: [UInt64: UInt64] = [:]
    public var execs: [UInt64: UInt64] = [:]
    public var retransmits: [UInt64: UInt64] = [:]
    /// By cgroup (the node's latency is the sum over every cgroup).
    public var runqueue: [UInt64: Buckets] = [:]
    public var blockByCgroup: [UInt64: Buckets] = [:]
    /// By device number, `major << 20 | minor` as the kernel encodes a dev_t.
    public var blockByDevice: [UInt64: Buckets] = [:]
    public var endpoints: [Endpoint] = []
    public var events: [Event] = []
    /// Events the agent's buffer could not take this pass (the ring buffer's own losses are not visible).
    public var droppedEvents: UInt64 = 0
    /// Map entries past what one drain reads (left for the next).
    public var unread: UInt64 = 0
    /// How long the sampled signals (``KernelSignals/sampledSignalNames``) were traced since the previous drain;
    /// nil when they are traced throughout. Their counts and histograms cover this time only.
    public var sampledNanoseconds: UInt64?

    public init() {}
}
