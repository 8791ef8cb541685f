/// One device's line of v2 `io.stat`, or the v1 blkio totals for a device.
public struct DeviceIO: Hashable, Sendable, Codable {
    public var major: UInt32
    public var minor: UInt32
    public var readBytes: UInt64
    public var writeBytes: UInt64
    public var readOps: UInt64
    public var writeOps: UInt64
    public var discardBytes: UInt64
    public var discardOps: UInt64

    public init(major: UInt32, minor: UInt32) {
        (self.major, self.minor) = (major, minor)
        (self.readBytes, self.writeBytes, self.readOps, self.writeOps, self.discardBytes, self.discardOps) = (
            0, 0, 0, 0, 0, 0
        )
    }
}

/// cgroup v2 `io.stat` (nested keyed): I/O per device since the cgroup was created.
///
/// Example: `8:0 rbytes=90112 wbytes=4096 rios=22 wios=1 dbytes=0 dios=0`. Units: bytes and operations.
/// Unknown keys (cost.*, future ones) are skipped.
public struct IOStat: KernelFileParsable, Hashable, Codable {
    public static let fileName = "io.stat"

    public var devices: [DeviceIO]

    public init(devices: [DeviceIO]) {
        self.devices = devices
    }

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.devices = []
        for (number, line) in Lines(bytes) {
            var fields = Fields(line)
            guard let device = fields.next() else { continue }
            var entry = try Self.device(device, line: line, number: number, file: Self.fileName)
            while let field = fields.next() {
                guard let equals = field.firstIndex(of: ASCII.equals) else {
                    throw KernelStatsError(
                        .malformed,
                        file: Self.fileName,
                        line: number,
                        text: line,
                        detail: "expected key=value"
                    )
                }
                let key = field[field.startIndex..<equals]
                let slot: WritableKeyPath<DeviceIO, UInt64>
                if key.equals("rbytes") {
                    slot = \.readBytes
                } else if key.equals("wbytes") {
                    slot = \.writeBytes
                } else if key.equals("rios") {
                    slot = \.readOps
                } else if key.equals("wios") {
                    slot = \.writeOps
                } else if key.equals("dbytes") {
                    slot = \.discardBytes
                } else if key.equals("dios") {
                    slot = \.discardOps
                } else {
                    continue  // cost.vrate=100.00 and other keys with non-integer values
                }
                guard let value = field[(equals + 1)...].asUInt64 else {
                    throw KernelStatsError(
                        .malformed,
                        file: Self.fileName,
                        line: number,
                        text: line,
                        detail: "expected key=number"
                    )
                }
                entry[keyPath: slot] = value
            }
            self.devices.append(entry)
        }
    }

    /// Parses `major:minor`.
    static func device(
        _ field: KernelBytes,
        line: KernelBytes,
        number: Int,
        file: String
    ) throws(KernelStatsError) -> DeviceIO {
        guard let colon = field.firstIndex(of: ASCII.colon), let major = field[field.startIndex..<colon].asUInt64,
            let minor = field[(colon + 1)...].asUInt64, major <= UInt32.max, minor <= UInt32.max
        else {
            throw KernelStatsError(.malformed, file: file, line: number, text: line, detail: "expected major:minor")
        }
        return DeviceIO(major: UInt32(major), minor: UInt32(minor))
    }
}
