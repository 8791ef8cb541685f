import Testing

@testable import Web

@Suite struct SparklineTests {
    static let values: [Float] = [10, 42.5, 37.25, 90, 12.125]

    /// A table row's chart: whole units (a thousand rows a page), still every point, and nothing for hover.
    @Test func aCompactChartDrawsEveryPointInWholeUnits() throws {
        let html = Sparkline.svg(Self.values, label: "CPU busy %", maximum: 100, compact: true).description
        let points = try #require(html.firstMatch(of: /points="([^"]*)"/)).1.split(separator: " ")
        #expect(points.count == Self.values.count)
        #expect(points.allSatisfy { !$0.contains(".") })
        #expect(points.first == "0,21" && points.last == "100,20")
        #expect(!html.contains("data-values"))
    }

    @Test func aFullChartKeepsOneDecimalAndItsHoverValues() throws {
        let html = Sparkline.svg(Self.values, label: "CPU busy %", maximum: 100).description
        let points = try #require(html.firstMatch(of: /points="([^"]*)"/)).1.split(separator: " ")
        #expect(points.count == Self.values.count)
        #expect(points.first == "0.0,20.8" && points.last == "100.0,20.3")
        #expect(html.contains("data-values="))
    }
}
