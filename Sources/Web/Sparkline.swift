/// An inline SVG line of a series (no external assets), with its time axis and what the page's script shows on
/// hover. An hour at 5 s is 720 points: the chart draws at most ``points`` (each the mean of its bucket), which
/// is also what hover shows, so a page of charts stays small. Unknown points (NaN) break the line.
enum Sparkline {
    /// Points drawn per chart, at most.
    static let points = 120

    /// - Parameters:
    ///   - endMilliseconds: wall time of the newest value (the hover text's clock); nil leaves the times out.
    ///   - stepSeconds: seconds between values.
    ///   - format: how hover shows a value.
    static func svg(
        _ values: [Float],
        label: String,
        maximum: Float? = nil,
        endMilliseconds: Int64? = nil,
        stepSeconds: Int = 5,
        points: Int = Self.points,
        compact: Bool = false,
        format: (Double) -> String = { Format.fixed($0, 2) }
    ) -> HTML {
        let (buckets, perBucket) = Self.downsampled(values, points: points)
        let finite = buckets.filter { $0.isFinite }
        guard finite.count >= 2 else {
            return
                "<svg class=\"spark\" viewBox=\"0 0 100 24\" role=\"img\" aria-label=\"\(label): not enough data\"></svg>"
        }
        let top = max(maximum ?? (finite.max() ?? 1), 1e-9)
        let step = 100 / Float(max(buckets.count - 1, 1))
        var segments: [String] = []
        var current: [String] = []
        for (index, value) in buckets.enumerated() {
            guard value.isFinite else {
                if current.count > 1 { segments.append(current.joined(separator: " ")) }
                current = []
                continue
            }
            let y = 23 - min(max(value / top, 0), 1) * 22
            // A table row's chart is ~100 × 24 pixels: whole units are as sharp, and a thousand rows are 100 KB
            // shorter (the node table goes uncompressed to clients that do not ask for gzip).
            let decimals = compact ? 0 : 1
            current.append(
                "\(Format.fixed(Double(Float(index) * step), decimals)),\(Format.fixed(Double(y), decimals))"
            )
        }
        if current.count > 1 { segments.append(current.joined(separator: " ")) }
        let lines = segments.map { HTML("<polyline points=\"\($0)\"/>") }
        // A table row's chart (a thousand per page): the line alone, without hover values or time axis.
        if compact {
            return
                "<svg class=\"spark\" viewBox=\"0 0 100 24\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(label)\">\(lines)</svg>"
        }
        let hover = buckets.map { $0.isFinite ? format(Double($0)) : "—" }.joined(separator: "|")
        let seconds = perBucket * stepSeconds
        let times: HTML = endMilliseconds.map { " data-end=\"\($0)\" data-step=\"\(seconds)\"" } ?? ""
        let span = Self.duration(values.count * stepSeconds)
        return """
            <svg class="spark" viewBox="0 0 100 24" preserveAspectRatio="none" role="img" aria-label="\(label), last \(span)" data-values="\(hover)"\(times)>\(lines)</svg>\
            <div class="axis"><span>−\(span)</span><span>now</span></div>
            """
    }

    /// At most ``points`` values, each the mean of the finite values of its bucket (NaN when it has none),
    /// and how many values went into a bucket.
    static func downsampled(_ values: [Float], points: Int = Self.points) -> (values: [Float], perBucket: Int) {
        let points = max(points, 2)
        let perBucket = max(1, (values.count + points - 1) / points)
        guard perBucket > 1 else { return (values, 1) }
        var result: [Float] = []
        result.reserveCapacity(values.count / perBucket + 1)
        // Buckets end at the newest value, so the last point is always the latest sample's bucket.
        var end = values.count
        while end > 0 {
            let bucket = values[max(0, end - perBucket)..<end].filter { $0.isFinite }
            result.append(bucket.isEmpty ? .nan : bucket.reduce(0, +) / Float(bucket.count))
            end -= perBucket
        }
        return (result.reversed(), perBucket)
    }

    /// `45 s`, `15 min`, `1 h`.
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 || seconds % 3600 != 0 { return "\((seconds + 30) / 60) min" }
        return "\(seconds / 3600) h"
    }
}
