/// One interface's counters from a `net/dev` file: all 16 columns.
public struct NetDevInterface: Hashable, Sendable, Codable {
    public var name: String
    public var rxBytes: UInt64
    public var rxPackets: UInt64
    public var rxErrors: UInt64
    public var rxDropped: UInt64
    public var rxFifo: UInt64
    public var rxFrame: UInt64
    public var rxCompressed: UInt64
    public var rxMulticast: UInt64
    public var txBytes: UInt64
    public var txPackets: UInt64
    public var txErrors: UInt64
    public var txDropped: UInt64
    public var txFifo: UInt64
    public var txCollisions: UInt64
    public var txCarrier: UInt64
    public var txCompressed: UInt64

    /// Whether this is the loopback interface (kept in the list, left out of node totals).
    public var isLoopback: Bool { self.name == "lo" }
}

/// `/proc/net/dev` and `/proc/PID/net/dev`: counters for every interface of one network namespace.
///
/// Example:
/// ```
/// Inter-|   Receive                                                |  Transmit
///  face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
///   eth0: 9461743   7521    0    0    0     0          0         0   601447    5174    0    0    0     0       0          0
/// ```
/// Units: bytes and packets since the interface was created. The two header lines are skipped.
public struct NetDev: KernelFileParsable, Hashable, Codable {
    public static let fileName = "/proc/net/dev"

    /// Interfaces in file order.
    public var interfaces: [NetDevInterface]

    public init(interfaces: [NetDevInterface]) {
        self.interfaces = interfaces
    }

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.interfaces = []
        for (number, line) in Lines(bytes) {
            // Header lines contain `|`; an interface line has `name:` first.
            guard let colon = line.firstIndex(of: ASCII.colon), !line.contains(0x7C) else { continue }
            let name = line[line.startIndex..<colon].trimmed
            guard !name.isEmpty else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "empty interface name"
                )
            }
            var fields = Fields(line[(colon + 1)...])
            var values = [UInt64](repeating: 0, count: 16)
            for index in 0..<16 {
                guard let field = fields.next() else {
                    throw KernelStatsError(
                        .truncated,
                        file: Self.fileName,
                        line: number,
                        text: line,
                        detail: "expected 16 counters"
                    )
                }
                guard let value = field.asUInt64 else {
                    throw KernelStatsError(
                        .malformed,
                        file: Self.fileName,
                        line: number,
                        text: line,
                        detail: "counter is not a number"
                    )
                }
                values[index] = value
            }
            self.interfaces.append(
                NetDevInterface(
                    name: name.string,
                    rxBytes: values[0],
                    rxPackets: values[1],
                    rxErrors: values[2],
                    rxDropped: values[3],
                    rxFifo: values[4],
                    rxFrame: values[5],
                    rxCompressed: values[6],
                    rxMulticast: values[7],
                    txBytes: values[8],
                    txPackets: values[9],
                    txErrors: values[10],
                    txDropped: values[11],
                    txFifo: values[12],
                    txCollisions: values[13],
                    txCarrier: values[14],
                    txCompressed: values[15]
                )
            )
        }
        guard !bytes.isEmpty else { throw KernelStatsError(.empty, file: Self.fileName, detail: "no content") }
    }
}
