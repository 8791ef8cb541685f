/// One interface's counters from a `net/dev` file: all 16 columns.
public struct NetDevInterface: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {}

    public var name: String = ""
    public var rxBytes: UInt64 = 0
    public var rxPackets: UInt64 = 0
    public var rxErrors: UInt64 = 0
    public var rxDropped: UInt64 = 0
    public var rxFifo: UInt64 = 0
    public var rxFrame: UInt64 = 0
    public var rxCompressed: UInt64 = 0
    public var rxMulticast: UInt64 = 0
    public var txBytes: UInt64 = 0
    public var txPackets: UInt64 = 0
    public var txErrors: UInt64 = 0
    public var txDropped: UInt64 = 0
    public var txFifo: UInt64 = 0
    public var txCollisions: UInt64 = 0
    public var txCarrier: UInt64 = 0
    public var txCompressed: UInt64 = 0

    /// Whether this is the loopback interface (kept in the list, left out of node totals).
    public var isLoopback: Bool { self.name == "lo" }
}
