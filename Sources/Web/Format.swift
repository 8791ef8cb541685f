/// How numbers are shown: fixed decimals, binary units, UTC clock times. No Foundation formatters (they
/// pull in ICU data), and every function accepts nil and prints "—" for unknown.
enum Format {
    static let unknown = "—"

    /// The largest scaled magnitude printed digit by digit: below Int64's range (9.22e18), which the integer
    /// conversions below would trap past. Anything larger is not a number a page can show exactly.
    static let largestExact = 9e18

    static func fixed(_ value: Double?, _ decimals: Int = 1) -> String {
        guard let value, value.isFinite else { return Self.unknown }
        var scale = 1.0
        for _ in 0..<min(max(decimals, 0), 9) { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        guard rounded < Self.largestExact else { return Self.unknown }
        let whole = Int64(rounded / scale)
        let fraction = Int64(rounded) - whole * Int64(scale)
        let sign = value < 0 && rounded > 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        let digits = String(fraction)
        return "\(sign)\(whole).\(String(repeating: "0", count: max(0, decimals - digits.count)))\(digits)"
    }

    static func percent(_ value: Double?) -> String {
        value == nil ? Self.unknown : "\(Self.fixed(value))%"
    }

    /// Bytes in binary units: 512 B, 1.5 KiB, 20.0 MiB, 3.25 GiB.
    static func bytes(_ value: Double?) -> String {
        guard let value, value.isFinite else { return Self.unknown }
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = value
        var unit = 0
        while abs(scaled) >= 1024, unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Self.fixed(scaled, 0)) B" : "\(Self.fixed(scaled, scaled < 10 ? 2 : 1)) \(units[unit])"
    }

    static func bytes(_ value: UInt64?) -> String { Self.bytes(value.map { Double($0) }) }

    static func rate(_ bytesPerSecond: Double?) -> String {
        bytesPerSecond == nil ? Self.unknown : "\(Self.bytes(bytesPerSecond))/s"
    }

    static func cores(_ value: Double?) -> String {
        guard let value else { return Self.unknown }
        return Self.fixed(value, value < 10 ? 3 : 1)
    }

    /// HH:MM:SS UTC of a wall time in milliseconds.
    static func clock(_ milliseconds: Int64) -> String {
        let seconds = (milliseconds / 1000) % 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) UTC"
    }

    /// A span of time for people: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
    static func duration(seconds: Int64) -> String {
        switch seconds {
        case ..<60: "\(max(0, seconds)) s"
        case ..<3_600: "\(seconds / 60) min"
        case ..<86_400: "\(seconds / 3_600) h \(seconds % 3_600 / 60) min"
        default: "\(seconds / 86_400) d \(seconds % 86_400 / 3_600) h"
        }
    }

    static func count(_ value: UInt64?) -> String { value.map(String.init) ?? Self.unknown }
}
