/// One process's I/O counters, as `/proc/PID/io` gives them.
///
/// Units: bytes, except `syscr`/`syscw` (system calls). `readBytes`/`writeBytes` reach the block layer;
/// `rchar`/`wchar` include the page cache and pipes.
public struct PIDIO: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {}

    public var rchar: UInt64 = 0
    public var wchar: UInt64 = 0
    public var syscr: UInt64 = 0
    public var syscw: UInt64 = 0
    public var readBytes: UInt64 = 0
    public var writeBytes: UInt64 = 0
    public var cancelledWriteBytes: UInt64 = 0
}
