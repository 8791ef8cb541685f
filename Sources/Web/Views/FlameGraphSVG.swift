import Profiles

/// Our own flame graph rendering (no d3, nothing from a CDN): one `<g>` per frame with its sample range in
/// `data-*` attributes, root at the bottom. The page's script zooms and searches by changing attributes only;
/// the downloadable file is the same SVG, standalone, with a `<title>` per frame for hovering.
enum FlameGraphSVG {
    static let width = 1200.0
    static let rowHeight = 17.0

    static func render(_ graph: FlameGraph, title: String) -> HTML {
        let total = max(graph.root.value, 1)
        // Frames under 1/20,000 of the samples are invisible at any zoom a page needs; leaving them out bounds
        // the document for huge profiles.
        let frames = graph.frames(minimum: max(1, total / 20_000))
        let depth = frames.map(\.depth).max() ?? 0
        let height = Double(depth + 1) * Self.rowHeight + 24
        let rects = frames.map { frame -> HTML in
            let x = Double(frame.x) / Double(total) * Self.width
            let width = Double(frame.width) / Double(total) * Self.width
            let y = height - Double(frame.depth + 1) * Self.rowHeight
            let percent = Double(frame.width) / Double(total) * 100
            let label = Self.label(frame.name, width: width)
            return """
                <g class="f" data-x="\(frame.x)" data-w="\(frame.width)" data-d="\(frame.depth)" data-n="\(frame.name)">\
                <title>\(frame.name) — \(frame.width) samples (\(Format.fixed(percent, 2))%)</title>\
                <rect x="\(Format.fixed(x, 2))" y="\(Format.fixed(y, 1))" width="\(Format.fixed(max(width, 0.1), 2))" \
                height="\(Format.fixed(Self.rowHeight - 1, 0))" fill="\(Self.color(frame.name, depth: frame.depth))"/>\
                <text x="\(Format.fixed(x + 3, 2))" y="\(Format.fixed(y + 12, 1))">\(label)</text></g>
                """
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="flamegraph" viewBox="0 0 \(Format.fixed(Self.width, 0)) \(Format.fixed(height, 0))" \
            width="\(Format.fixed(Self.width, 0))" height="\(Format.fixed(height, 0))" data-total="\(total)" font-family="monospace" font-size="11">
            <style>.f text{pointer-events:none;fill:#111}.f:hover rect{stroke:#000;stroke-width:.5}.f.match rect{fill:#c050c0}.f.dim{opacity:.35}</style>
            <rect width="100%" height="100%" fill="#f8f8f4"/>
            <text x="4" y="14" font-size="13" fill="#333">\(title) — \(total) samples</text>
            \(rects)
            </svg>
            """
    }

    /// The name cut to what fits at ~7 px per character (the script redoes this after a zoom).
    static func label(_ name: String, width: Double) -> String {
        let fits = Int((width - 6) / 7)
        guard fits >= 3 else { return "" }
        return name.count <= fits ? name : String(name.prefix(fits - 2)) + ".."
    }

    /// Warm colours, stable per name: the same function looks the same in every profile.
    static func color(_ name: String, depth: Int) -> String {
        if depth == 0 { return "rgb(190,190,190)" }
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let red = 205 + Int(hash % 50)
        let green = 80 + Int((hash >> 8) % 130)
        let blue = Int((hash >> 16) % 55)
        return "rgb(\(red),\(green),\(blue))"
    }
}
