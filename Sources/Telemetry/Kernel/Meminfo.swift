/// The node's memory figures: every key `/proc/meminfo` prints, in bytes.
///
/// Values the kernel prints in kB are stored in bytes; unit-less values (HugePages_*) as printed. A key the
/// kernel does not print is absent — never 0.
public struct Meminfo: Hashable, Sendable, Codable {
    /// An empty value, for parsers and decoders that fill fields one by one.
    public init() {
        self.init(values: [:])
    }

    /// Every key as printed (`MemTotal`, `Active(file)`, …) → bytes, or the count for unit-less keys.
    public var values: [String: UInt64]

    public init(values: [String: UInt64]) {
        self.values = values
    }

    /// `MemTotal` in bytes.
    public var memTotal: UInt64? { self.values["MemTotal"] }
    /// `MemFree` in bytes.
    public var memFree: UInt64? { self.values["MemFree"] }
    /// `MemAvailable` in bytes (absent before Linux 3.14).
    public var memAvailable: UInt64? { self.values["MemAvailable"] }
    /// `Buffers` in bytes.
    public var buffers: UInt64? { self.values["Buffers"] }
    /// `Cached` in bytes.
    public var cached: UInt64? { self.values["Cached"] }
    /// `SwapTotal` in bytes.
    public var swapTotal: UInt64? { self.values["SwapTotal"] }
    /// `SwapFree` in bytes.
    public var swapFree: UInt64? { self.values["SwapFree"] }
}
