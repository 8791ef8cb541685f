public import Telemetry

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
            var interface = NetDevInterface()
            interface.name = name.string
            (interface.rxBytes, interface.rxPackets, interface.rxErrors, interface.rxDropped) = (
                values[0], values[1], values[2], values[3]
            )
            (interface.rxFifo, interface.rxFrame, interface.rxCompressed, interface.rxMulticast) = (
                values[4], values[5], values[6], values[7]
            )
            (interface.txBytes, interface.txPackets, interface.txErrors, interface.txDropped) = (
                values[8], values[9], values[10], values[11]
            )
            (interface.txFifo, interface.txCollisions, interface.txCarrier, interface.txCompressed) = (
                values[12], values[13], values[14], values[15]
            )
            self.interfaces.append(interface)
        }
        guard !bytes.isEmpty else { throw KernelStatsError(.empty, file: Self.fileName, detail: "no content") }
    }
}
