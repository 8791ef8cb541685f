/// An inline SVG line of a series (no scripts, no external assets). Unknown points (NaN) break the line.
enum Sparkline {
    static func svg(_ values: [Float], label: String, maximum: Float? = nil) -> HTML {
        let finite = values.filter { $0.isFinite }
        guard finite.count >= 2 else {
            return
                "<svg class=\"spark\" viewBox=\"0 0 100 24\" role=\"img\" aria-label=\"\(label): not enough data\"></svg>"
        }
        let top = max(maximum ?? (finite.max() ?? 1), 1e-9)
        let step = 100 / Float(max(values.count - 1, 1))
        var segments: [String] = []
        var current: [String] = []
        for (index, value) in values.enumerated() {
            guard value.isFinite else {
                if current.count > 1 { segments.append(current.joined(separator: " ")) }
                current = []
                continue
            }
            let y = 23 - min(max(value / top, 0), 1) * 22
            current.append("\(Format.fixed(Double(Float(index) * step), 1)),\(Format.fixed(Double(y), 1))")
        }
        if current.count > 1 { segments.append(current.joined(separator: " ")) }
        let lines = segments.map { HTML("<polyline points=\"\($0)\"/>") }
        return
            "<svg class=\"spark\" viewBox=\"0 0 100 24\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(label)\">\(lines)</svg>"
    }
}
