/// One line of a PSI file: the share of wall time some (or all) tasks were stalled.
public struct PressureLine: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {
        self.init(avg10: 0, avg60: 0, avg300: 0, totalMicroseconds: 0)
    }

    /// Percent of the last 10 s, 60 s and 300 s.
    public var avg10: Double
    public var avg60: Double
    public var avg300: Double
    /// Total stall time in microseconds since boot (or cgroup creation).
    public var totalMicroseconds: UInt64

    public init(avg10: Double, avg60: Double, avg300: Double, totalMicroseconds: UInt64) {
        self.avg10 = avg10
        self.avg60 = avg60
        self.avg300 = avg300
        self.totalMicroseconds = totalMicroseconds
    }
}

/// Pressure stall information (PSI, Linux 4.20+) for the node or a cgroup: `some` and `full` lines.
///
/// `full` is absent for CPU on kernels before 5.13; a kernel without PSI has no value at all (nil, not zeros).
public struct Pressure: Hashable, Sendable, Codable {
    /// An empty value, for parsers and decoders that fill fields one by one.
    public init() {
        self.init(some: nil, full: nil)
    }

    /// Some tasks stalled; nil when the line is absent.
    public var some: PressureLine?
    /// All non-idle tasks stalled; nil when the line is absent.
    public var full: PressureLine?

    public init(some: PressureLine?, full: PressureLine?) {
        self.some = some
        self.full = full
    }
}
