/// Kubernetes resource quantities (`100m`, `0.5`, `2`, `128Mi`, `1G`, `1e3`) as numbers — never kept as strings
/// like the predecessor's "100m+250m".
public enum Quantity: Sendable {
    /// CPU in millicores: `100m` → 100, `0.5` → 500, `2` → 2000. nil when not a quantity.
    public static func millicores(_ text: String) -> Int64? {
        guard let value = Self.value(text) else { return nil }
        return Self.roundUp(value * 1000)
    }

    /// Bytes: `128Mi` → 134217728, `1G` → 1000000000, `1e3` → 1000, `100m` → 1 (rounded up, as Kubernetes does).
    public static func bytes(_ text: String) -> Int64? {
        guard let value = Self.value(text) else { return nil }
        return Self.roundUp(value)
    }

    /// Rounds up as Kubernetes does, but not past binary noise: `1900m` is 1.9 × 1000 = 1900.0000000000002 in
    /// floating point, and must stay 1900.
    static func roundUp(_ value: Double) -> Int64? {
        let nearest = value.rounded()
        let rounded = abs(value - nearest) <= 1e-9 * max(1, abs(nearest)) ? nearest : value.rounded(.up)
        guard rounded < 9.2e18 else { return nil }
        return Int64(rounded)
    }

    /// The quantity's value in base units.
    public static func value(_ text: String) -> Double? {
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
            ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976), ("n", 1e-9), ("u", 1e-6),
            ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
        ]
        var number = Substring(text)
        var scale = 1.0
        for (suffix, multiplier) in suffixes where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            scale = multiplier
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }),
            let value = Double(number), value.isFinite, value >= 0
        else { return nil }
        return value * scale
    }
}
