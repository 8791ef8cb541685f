/// One process's memory sizes in pages, as `/proc/PID/statm` gives them (size resident shared text lib
/// data dt; `lib` and `dt` are always 0 since Linux 2.6).
public struct PIDStatm: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {}

    public var size: UInt64 = 0
    public var resident: UInt64 = 0
    public var shared: UInt64 = 0
    public var text: UInt64 = 0
    public var lib: UInt64 = 0
    public var data: UInt64 = 0
    public var dirty: UInt64 = 0
}
