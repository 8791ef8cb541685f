import NodeStore
import Telemetry
import Testing

@testable import Web

/// A thousand-node overview is paged and filterable, and live fragments are rendered once per second at most.
@Suite struct OverviewPagingTests {
    static func nodes(_ count: Int, stale: Set<Int> = []) -> [NodeState] {
        (0..<count).map { index in
            var snapshot = Snapshot()
            snapshot.node = "node-\(String(index + 1000).dropFirst())"
            return NodeState(
                name: snapshot.node,
                snapshot: snapshot,
                rates: nil,
                lastSeenWallMilliseconds: 0,
                isStale: stale.contains(index),
                isConnected: true,
                history: NodeHistory(capacity: 4)
            )
        }
    }

    @Test func pagesHoldAPageOfCardsAndTheLastPageTheRest() {
        let nodes = Self.nodes(100)
        let first = OverviewQuery(page: nil, filter: nil).select(nodes)
        #expect(first.nodes.map(\.name).first == "node-000" && first.nodes.count == OverviewQuery.pageSize)
        #expect(first.pages == 3 && first.matching == 100)
        let last = OverviewQuery(page: "3", filter: nil).select(nodes)
        #expect(last.nodes.count == 100 - 2 * OverviewQuery.pageSize && last.nodes.last?.name == "node-099")
        // Past the end (a cluster that shrank while the page was open): the last page, not an empty one.
        #expect(OverviewQuery(page: "9", filter: nil).select(nodes).nodes.last?.name == "node-099")
        #expect(OverviewQuery(page: "x", filter: nil).page == 1 && OverviewQuery(page: "-4", filter: nil).page == 1)
    }

    @Test func filterMatchesNamesIgnoringCaseAndSurvivesRefresh() {
        let query = OverviewQuery(page: nil, filter: "NODE-05")
        let selected = query.select(Self.nodes(100))
        #expect(selected.nodes.map(\.name) == (50...59).map { "node-0\($0)" })
        let fragment = OverviewView.page(Self.nodes(100), query: query, banner: nil).rendered
        #expect(fragment.contains("data-live=\"/fragments/overview?q=NODE-05\""))
        #expect(fragment.contains("page 1 of 1 (10 matching)"))
    }

    @Test func summaryCountsTheWholeClusterAndNamesNodesNeedingAttention() {
        let html = OverviewView.fragment(Self.nodes(100, stale: [7, 93])).rendered
        #expect(html.contains("<strong>100</strong> nodes · 98 live · 2 stale"))
        #expect(html.contains("href=\"/nodes/node-093\"") && html.contains("href=\"/nodes/node-007\""))
        #expect(html.contains("href=\"/?page=2\">next →</a>"))
        #expect(html.ranges(of: "<section class=\"card").count == OverviewQuery.pageSize)
    }

    @Test func renderCacheRendersOncePerMaximumAgePerKey() {
        let cache = RenderCache<HTML>(maximumAge: .seconds(1))
        var renders = 0
        let start = ContinuousClock.now
        func html(_ key: String, at offset: Duration) -> String {
            cache.value(for: key, now: start + offset) {
                renders += 1
                return "render \(renders)"
            }.rendered
        }
        #expect(html("a", at: .zero) == "render 1")
        #expect(html("a", at: .milliseconds(900)) == "render 1")
        #expect(html("b", at: .milliseconds(900)) == "render 2")
        #expect(html("a", at: .milliseconds(1_000)) == "render 3")
        #expect(renders == 3)
    }
}
