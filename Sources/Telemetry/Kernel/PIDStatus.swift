/// One process's memory sizes, identity and scheduling facts, as `/proc/PID/status` gives them.
///
/// Vm* sizes are bytes; kernel threads have no Vm* lines, so those are nil. `kthread` exists from Linux 6.0.
public struct PIDStatus: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {}

    public var vmPeak: UInt64?
    public var vmSize: UInt64?
    public var vmLck: UInt64?
    public var vmPin: UInt64?
    public var vmHWM: UInt64?
    public var vmRSS: UInt64?
    public var rssAnon: UInt64?
    public var rssFile: UInt64?
    public var rssShmem: UInt64?
    public var vmData: UInt64?
    public var vmStk: UInt64?
    public var vmExe: UInt64?
    public var vmLib: UInt64?
    public var vmSwap: UInt64?
    public var threads: UInt64?
    public var voluntaryContextSwitches: UInt64?
    public var nonvoluntaryContextSwitches: UInt64?
    /// 0 disabled, 1 strict, 2 filter.
    public var seccomp: UInt64?
    public var speculationStoreBypass: String?
    public var cpusAllowedList: String?
    public var memsAllowedList: String?
    /// Real, effective, saved and filesystem UIDs.
    public var uid: [UInt32] = []
    public var gid: [UInt32] = []
    /// The PID in each nested PID namespace, outermost first.
    public var nsPID: [Int32] = []
    /// Whether the task is a kernel thread (nil before Linux 6.0, where the reader infers it).
    public var kthread: Bool?
}
