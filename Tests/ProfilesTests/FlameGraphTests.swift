import Foundation
import Testing

@testable import Profiles
@testable import Web

/// Folded stacks → tree, d3-flame-graph JSON and our SVG.
@Suite struct FlameGraphTests {
    static let folded = """
        app;main;compute with spaces 30
        app;main;io 10
        envoy;loop 60
        not a stack line
        """

    @Test func theTreeSumsSamplesAndKeepsSpacesInFrames() throws {
        let graph = FlameGraph(folded: Self.folded)
        #expect(graph.root.value == 100 && graph.malformedLines == 1)
        let json = graph.json
        #expect(json.children.map(\.name) == ["app", "envoy"])
        #expect(
            json.children[0].value == 40
                && json.children[0].children[0].children.map(\.name) == ["compute with spaces", "io"]
        )
        let frames = graph.frames()
        let envoy = try #require(frames.first { $0.name == "envoy" })
        #expect(envoy.x == 40 && envoy.width == 60 && envoy.depth == 1)
        let encoded = String(decoding: try JSONEncoder().encode(json), as: UTF8.self)
        #expect(encoded.contains(#""name":"all""#) && encoded.contains(#""value":100"#))
    }

    @Test func theSVGEscapesFrameNamesAndCarriesSampleRanges() {
        let graph = FlameGraph(folded: "app;<script>alert(1)</script> 5\napp;\"quoted\" 5\n")
        let svg = FlameGraphSVG.render(graph, title: "t").rendered
        #expect(!svg.contains("<script>") && svg.contains("&lt;script&gt;"))
        #expect(svg.contains("data-x=\"0\" data-w=\"10\" data-d=\"0\" data-n=\"all\""))
        #expect(svg.contains("data-total=\"10\"") && svg.contains("&quot;quoted&quot;"))
    }
}
