import Profiles

/// Folded text from anywhere through every rendering a profile's pages use (the whole-path fuzzer feeds it the
/// data of every CommandResult it sends).
package enum FlameGraphRendering {
    /// The JSON tree's and the SVG's sizes.
    package static func everything(folded: String) -> (frames: Int, svgBytes: Int) {
        let graph = FlameGraph(folded: folded)
        let svg = FlameGraphSVG.render(graph, title: "fuzz").rendered
        return (graph.frames().count + (graph.json.children.isEmpty ? 0 : 1), svg.utf8.count)
    }
}
