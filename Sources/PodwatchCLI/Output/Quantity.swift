/// Numbers as kubectl shows them: CPU in cores or millicores, bytes in binary units, ages as 5s/3m/2h/4d.
enum Quantity {
    static let unknown = "-"
    /// Past this a value is shown as Swift prints a Double (Int() of a larger one would trap: the server's answers
    /// are outside data).
    static let whole = 1e15

    static func integer(_ value: Double) -> String {
        abs(value) < Self.whole ? "\(Int64(value.rounded()))" : "\(value)"
    }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return Self.unknown }
        return value < 10 ? String(format1: value) + "%" : Self.integer(value) + "%"
    }

    static func cores(_ value: Double?) -> String {
        guard let value, value.isFinite, value >= 0 else { return Self.unknown }
        if value < 10 { return "\(Int((value * 1000).rounded()))m" }
        return Self.integer(value)
    }

    static func bytes(_ value: Double?) -> String {
        guard let value, value.isFinite, value >= 0 else { return Self.unknown }
        let units = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
        var scaled = value
        var unit = 0
        while scaled >= 1024, unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return Self.integer(scaled) + (unit == 0 ? "" : units[unit])
    }

    static func rate(_ value: Double?) -> String {
        value == nil ? Self.unknown : Self.bytes(value) + "/s"
    }

    static func age(milliseconds: Double, now: Double) -> String {
        let seconds = max(0, (now - milliseconds) / 1000)
        guard seconds.isFinite, seconds < 1e9 else { return Self.unknown }
        switch seconds {
        case ..<120: return "\(Int(seconds))s"
        case ..<7200: return "\(Int(seconds / 60))m"
        case ..<172_800: return "\(Int(seconds / 3600))h"
        default: return "\(Int(seconds / 86400))d"
        }
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return Self.unknown }
        if value == value.rounded(), abs(value) < Self.whole { return "\(Int64(value))" }
        return String(format1: value)
    }
}

extension String {
    /// One decimal, without Foundation's locale-dependent formatting.
    init(format1 value: Double) {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e17 else {
            self = "\(value)"
            return
        }
        let whole = Int64(tenths) / 10
        let fraction = abs(Int64(tenths) % 10)
        self = (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
