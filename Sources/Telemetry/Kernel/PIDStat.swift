/// One process's scheduler and memory counters, as `/proc/PID/stat` gives them.
///
/// Units: `utime`, `stime`, `cutime`, `cstime`, `starttime`, `delayacctBlkioTicks` and `guestTime` are
/// USER_HZ ticks (`starttime` since boot); `vsize` is bytes; `rss` is pages. KernelStats parses the file
/// into this value; the wire and the server keep it without knowing the file's format.
public struct PIDStat: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {}

    public var pid: Int32 = 0
    /// The command name (at most 15 bytes, as the kernel keeps it).
    public var comm: String = ""
    /// R running, S sleeping, D disk sleep, Z zombie, T stopped, t traced, X dead, I idle…
    public var state: String = ""
    public var ppid: Int32 = 0
    public var pgrp: Int32 = 0
    public var session: Int32 = 0
    public var minorFaults: UInt64 = 0
    public var majorFaults: UInt64 = 0
    public var utime: UInt64 = 0
    public var stime: UInt64 = 0
    /// Waited-for children's user time (signed in the kernel's format).
    public var cutime: Int64 = 0
    public var cstime: Int64 = 0
    public var priority: Int64 = 0
    public var nice: Int64 = 0
    public var numThreads: Int64 = 0
    /// Start time after boot in ticks; with the PID it identifies a process across PID reuse.
    public var starttime: UInt64 = 0
    public var vsize: UInt64 = 0
    /// Resident set in pages.
    public var rss: Int64 = 0
    /// The CPU the task last ran on.
    public var processor: Int64 = 0
    public var rtPriority: UInt64 = 0
    public var policy: UInt64 = 0
    /// Ticks spent waiting for block I/O (delay accounting); nil on kernels that do not print it.
    public var delayacctBlkioTicks: UInt64?
    /// Ticks spent running a virtual CPU for a guest.
    public var guestTime: UInt64?
}
