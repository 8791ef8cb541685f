import NodeStore
import Simulation
import Telemetry
import Testing

@testable import Web

/// The cluster pages over simulated nodes (real snapshots, real rates): namespace and workload totals equal
/// the pods' own numbers summed independently, search by label selector finds exactly the matching pods, the
/// dense view and the heat map put the hot node first, and whatever a URL or an agent sends stays text.
@Suite struct ClusterPagesTests {
    /// `count` nodes of 30 simulated pods each, three snapshots ingested by a live cache (so rates and
    /// histories exist); node 0 is hot.
    static func nodes(_ count: Int = 6) -> [NodeState] {
        let cache = LiveCache(configuration: NodeStoreConfiguration(ttl: .seconds(3_600)))
        let start = ContinuousClock.now
        for index in 0..<count {
            var node = SyntheticNode(name: "sim-\(index)", pods: 30, seed: UInt64(index + 1), hot: index == 0)
            for step in 0..<3 {
                if step > 0 { node.advance() }
                cache.ingest(
                    node: node.name,
                    snapshot: node.snapshot(wallMilliseconds: Int64(1_000 + step * 5_000)),
                    now: start + .seconds(step * 5),
                    wallMilliseconds: Int64(1_000 + step * 5_000)
                )
            }
        }
        return cache.all(now: start + .seconds(10))
    }

    static func rounded(_ row: PodRow) -> PodRow {
        var row = row
        func round(_ value: Double?) -> Double? { value.map { ($0 * 1e6).rounded() / 1e6 } }
        row.cpuCores = round(row.cpuCores)
        row.cpuLimitCores = round(row.cpuLimitCores)
        row.memoryWorkingSetBytes = round(row.memoryWorkingSetBytes)
        row.memoryLimitBytes = round(row.memoryLimitBytes)
        row.diskBytesPerSecond = round(row.diskBytesPerSecond)
        row.networkBytesPerSecond = round(row.networkBytesPerSecond)
        return row
    }

    /// The rows taken at ingest in one pass are exactly the rows of the pods as the pod pages group them.
    @Test func rowsBuiltAtIngestEqualThePodSummaries() {
        for node in Self.nodes(3) {
            var snapshot = node.snapshot
            // A pod the API names without a cgroup yet, and one cgroup the API has not named.
            snapshot.pods.append(
                PodMetadata(uid: "pending-uid", namespace: "shop", name: "pending-1", phase: "Pending")
            )
            snapshot.pods.removeFirst()
            let fast = PodRow.rows(node: node.name, snapshot: snapshot, rates: node.rates)
            let reference = PodSummary.pods(snapshot: snapshot, rates: node.rates).map { PodRow($0, node: node.name) }
            // Equal but for the order in which each pod's containers were added up (the last bits of a sum).
            let order: (PodRow, PodRow) -> Bool = { ($0.namespace, $0.name, $0.uid) < ($1.namespace, $1.name, $1.uid) }
            #expect(fast.sorted(by: order).map(Self.rounded) == reference.sorted(by: order).map(Self.rounded))
            #expect(fast.contains { $0.name == "pending-1" } && fast.contains { $0.namespace == "_" })
        }
    }

    @Test func namespaceTotalsArePodsSummedAcrossNodes() throws {
        let nodes = Self.nodes()
        let view = ClusterView(nodes)
        let pods = nodes.flatMap { PodSummary.pods(of: $0) }
        let shop = try #require(view.namespaces().first { $0.namespace == "shop" })
        let expected = pods.filter { $0.namespace == "shop" }
        #expect(shop.totals.pods == expected.count && expected.count > 0)
        let cpu = expected.compactMap(\.cpuCores).reduce(0, +)
        #expect(abs(shop.totals.cpuCores - cpu) < 1e-9 && cpu > 0)
        #expect(shop.totals.nodes.count == Set(nodes.map(\.name)).count)
        let html = NamespacesView.fragment(view).rendered
        #expect(html.contains("href=\"/namespaces/shop\"") && html.contains("data-href=\"/namespaces/shop\""))
    }

    @Test func aWorkloadPageListsItsPodsAcrossNodesWithSummedCharts() throws {
        let view = ClusterView(Self.nodes())
        let group = try #require(view.workloads(in: "shop").first { !$0.kind.isEmpty })
        let order = PodSearch(text: nil).before
        let listing = { view.workload(namespace: "shop", kind: group.kind, name: group.name, listing: $0, by: order) }
        let workload = listing(1_000)
        let (pods, history) = (workload.listed, workload.history)
        #expect(pods.count == group.totals.pods && workload.count == pods.count)
        #expect(workload.totals.cpuCores == group.totals.cpuCores && workload.totals.pods == group.totals.pods)
        // Listed busiest first, and only as many as asked.
        let three = listing(3)
        #expect(three.count == pods.count && three.listed.count == min(3, pods.count))
        #expect(three.listed.map(\.name) == Array(pods.sorted(by: order).prefix(3).map(\.name)))
        #expect(Set(pods.map(\.node)).count > 1)
        // Two points with rates (the first snapshot has none); the newest is the pods' CPU summed, to the three
        // significant digits the series keep.
        #expect(history.cpuCores.filter(\.isFinite).count == 2)
        let latest = try #require(history.cpuCores.last)
        #expect(abs(Double(latest) - group.totals.cpuCores) < max(0.01, group.totals.cpuCores * 0.01))
        #expect(
            abs(Double(history.memoryWorkingSetBytes.last ?? 0) - group.totals.memoryWorkingSetBytes) < group.totals
                .memoryWorkingSetBytes * 0.01
        )
        let html = WorkloadView.fragment(view, namespace: "shop", kind: group.kind, name: group.name).rendered
        #expect(html.contains("<polyline") && html.contains("\(pods.count) pods on"))
    }

    @Test func aLabelSelectorFindsExactlyTheMatchingPods() throws {
        let view = ClusterView(Self.nodes())
        let search = PodSearch(text: "app=storefront,track!=canary", limit: "1000")
        #expect(search.error == nil && search.labelColumns == ["app", "track"])
        let (found, matching) = view.pods(matching: search.matches, limit: search.limit, by: search.before)
        let expected = view.allPods.filter {
            $0.labels.value(of: "app") == "storefront" && $0.labels.value(of: "track") != "canary"
        }
        #expect(matching == expected.count && matching > 0 && found.count == matching)
        #expect(found.allSatisfy { $0.labels.value(of: "app") == "storefront" })
        // Top-N by CPU: the first is the busiest of all matching, and a small limit keeps the order.
        let top = view.pods(matching: search.matches, limit: 3, by: search.before).pods
        #expect(top.map(\.uid) == Array(found.prefix(3).map(\.uid)))
        #expect((top.first?.cpuCores ?? 0) >= (expected.compactMap(\.cpuCores).max() ?? 0))
    }

    @Test func wordsMatchNamesNamespacesWorkloadsAndNodesIgnoringCase() {
        let view = ClusterView(Self.nodes())
        let search = PodSearch(text: "SHOP sim-3")
        let (found, _) = view.pods(matching: search.matches, limit: 1000, by: search.before)
        #expect(!found.isEmpty && found.allSatisfy { $0.namespace == "shop" && $0.node == "sim-3" })
    }

    @Test(arguments: ["app=(x", "app in (a", "<script>=1", String(repeating: "=", count: 6_000)])
    func aBadSelectorIsSaidOnThePageEscaped(text: String) {
        let search = PodSearch(text: text, sort: "bogus", limit: "1e300")
        #expect(search.error != nil && search.order == .cpu && search.limit == PodSearch.defaultLimit)
        let html = PodSearchView.fragment(ClusterView(Self.nodes(1)), search).rendered
        #expect(html.contains("form-errors") && !html.contains("<script>"))
        #expect(PodSearch(text: nil, limit: "-5").limit == 1 && PodSearch(text: nil, limit: "99999").limit == 1_000)
        // Label columns from the URL: only valid keys, each once, at most eight, and escaped in the query string.
        let keys = (0..<20).map { "k\($0)" }.joined(separator: ",")
        let columns = PodSearch(text: nil, labels: "app,<b>,tier,app, a b ,\(keys)")
        #expect(columns.labelColumns == ["app", "tier", "ab", "k0", "k1", "k2", "k3", "k4"])
        #expect(!columns.query().contains("<"))
    }

    @Test func hostileLabelValuesStayText() {
        var nodes = Self.nodes(1)
        nodes[0].pods[0].labels = [Label(key: "app", value: "<img src=x onerror=alert(1)>")]
        let html = PodTable.html(nodes[0].pods, labelColumns: ["app"]).rendered
        #expect(!html.contains("<img") && html.contains("&lt;img"))
        // The pod page's and node page's labels link to the searches for them, escaped.
        let pod = PodView.labels([Label(key: "app", value: "<x>"), Label(key: "tier", value: "web")]).rendered
        #expect(pod.contains("href=\"/pods?q=app%3D%3Cx%3E\"") && pod.contains("app=&lt;x&gt;") && !pod.contains("<x>"))
        let node = KubernetesNodeView.labels([Label(key: "topology.kubernetes.io/zone", value: "zone-a")]).rendered
        #expect(node.contains("href=\"/nodes?q=topology.kubernetes.io%2Fzone%3Dzone-a\""))
    }

    @Test func theDenseViewAndTheHeatMapPutTheHotNodeFirst() throws {
        let nodes = Self.nodes()
        let html = NodeTableView.fragment(nodes, filter: NodeFilter(nil), firing: [:]).rendered
        #expect(html.ranges(of: "<tr data-href=").count == nodes.count)
        // The CPU cell's sort key: the hot node's is the highest.
        let busiest = try #require(nodes.max { ($0.rates?.node.cpu?.busy ?? 0) < ($1.rates?.node.cpu?.busy ?? 0) })
        #expect(busiest.name == "sim-0" && (busiest.rates?.node.cpu?.busy ?? 0) > 95)
        let strip = HeatStrip.html(nodes).rendered
        #expect(strip.contains("class=\"h9\" href=\"/nodes/sim-0\""))
        #expect(
            !strip.contains("class=\"h8\" href=\"/nodes/sim-1\"")
                && !strip.contains("class=\"h9\" href=\"/nodes/sim-1\"")
        )
        // A selector on node labels filters the table.
        let zone = try #require(nodes[1].snapshot.nodeInfo?.labels.value(of: "topology.kubernetes.io/zone"))
        let filtered = NodeTableView.fragment(
            nodes,
            filter: NodeFilter("topology.kubernetes.io/zone=\(zone)"),
            firing: [:]
        ).rendered
        let expected = nodes.filter { $0.snapshot.nodeInfo?.labels.value(of: "topology.kubernetes.io/zone") == zone }
        #expect(filtered.ranges(of: "<tr data-href=").count == expected.count)
    }

    /// While one request re-renders an expired answer, another gets the previous one instead of rendering too.
    @Test func anExpiredAnswerIsRenderedByOneRequestWhileOthersGetThePreviousOne() {
        let cache = RenderCache<HTML>(maximumAge: .seconds(1))
        let start = ContinuousClock.now
        _ = cache.value(for: "k", now: start) { "first" }
        var renders = 0
        let later = start + .seconds(2)
        let outer = cache.value(for: "k", now: later) { () -> HTML in
            renders += 1
            let inner = cache.value(for: "k", now: later) { () -> HTML in
                renders += 1
                return "inner"
            }
            #expect(inner.rendered == "first")
            return "second"
        }
        #expect(outer.rendered == "second" && renders == 1)
        #expect(cache.value(for: "k", now: later) { "third" }.rendered == "second")
    }
}
