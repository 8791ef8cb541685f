import Alerting
import Foundation
import KernelStats
import NodeStore
import Telemetry
import Testing

@testable import AlertEngine
@testable import Profiles
@testable import ServerCore
@testable import Web

/// Values a peer chooses (agent counters, API answers, a webhook's reply) that trapped the server before
/// (security review H1, M3, L7): each test holds the exact value that did, and what is shown instead.
@Suite struct HostileValueTests {
    /// `Format.fixed(1e17, 2)` converted 1e19 to Int64 and trapped; the overview card prints load1 that way.
    @Test func aNumberBeyondInt64IsShownAsUnknown() {
        #expect(Format.fixed(1e17, 2) == "—")
        #expect(Format.fixed(-1e300, 0) == "—")
        #expect(Format.fixed(1e17, 1) == "100000000000000000.0")
        #expect(Format.fixed(2.345, 2) == "2.35" || Format.fixed(2.345, 2) == "2.34")
        #expect(Format.bytes(Double(UInt64.max)) == "16777216.0 TiB")
        #expect(Format.cores(1e300) == "—")
    }

    /// A node whose agent sent `load1 = 1e17` (ingest refuses it now; pages must not trap on it either).
    @Test func everyPageOfANodeWithAbsurdNumbersRenders() throws {
        var snapshot = Snapshot()
        var load = LoadAvg()
        load.load1 = 1e17
        load.load5 = 1e300
        snapshot.host.load = load
        var pressure = try Pressure(parsing: "some avg10=0.00 avg60=0.00 avg300=0.00 total=18446744073709551615\n")
        pressure.some?.avg10 = 1e300
        snapshot.host.cpuPressure = pressure
        snapshot.containers = [
            KubernetesViewTests.container(pod: "uid-x", id: "aaa", memory: .max, limit: 1, comm: "x")
        ]
        snapshot.clockTicksPerSecond = 1
        snapshot.pageSize = .max
        snapshot.containers[0].processes[0].stat.rss = .max
        let cache = LiveCache(configuration: ServerConfiguration())
        cache.ingest(node: "n", snapshot: snapshot, wallMilliseconds: .max)
        let node = try #require(cache.node("n"))
        let page = OverviewView.page(cache.all(), query: OverviewQuery(page: nil, filter: nil), banner: nil).rendered
        #expect(page.contains("—"))
        _ = NodeView.page(node, banner: nil).rendered
        var withAgent = node
        var agent = AgentStats()
        agent.memoryBytes = 12 << 20
        agent.descriptorShortfalls = 3
        withAgent.snapshot.agent = agent
        withAgent.snapshot.errors = [CollectionIssue(file: "(snapshot limits)", message: "cut to fit: <b>1</b>")]
        let agentPage = NodeView.fragment(withAgent).rendered
        #expect(agentPage.contains("12.0 MiB") && agentPage.contains("3 file(s) could not be opened"))
        #expect(agentPage.contains("cut to fit: &lt;b&gt;1&lt;/b&gt;"))
        let pod = try #require(PodSummary.pods(of: node).first)
        _ = PodView.page(node, pod, banner: nil).rendered
        _ = ProcessView.page(node, snapshot.containers[0].processes[0], banner: nil).rendered
    }

    /// Two containers at `restartCount = UInt32.max`: `UInt32 +` trapped in PodSummary and on `pod.restarts`.
    @Test func restartCountsAddUpWithoutTrapping() throws {
        var node = KubernetesViewTests.node()
        for index in node.snapshot.pods[0].containers.indices {
            node.snapshot.pods[0].containers[index].restartCount = .max
        }
        let pod = try #require(PodSummary.pods(of: node).first { $0.uid == "uid-web" })
        #expect(pod.restarts == 2 * UInt64(UInt32.max))
        #expect(AlertSamples.value(AlertMetric.podRestarts.name, pod) == Double(2 * UInt64(UInt32.max)))
    }

    /// Requests of `Int64.max` in two containers: `reduce(0, +)` trapped.
    @Test func requestSumsSaturate() throws {
        var node = KubernetesViewTests.node()
        for index in node.snapshot.pods[0].containers.indices {
            node.snapshot.pods[0].containers[index].cpuRequestMillicores = .max
            node.snapshot.pods[0].containers[index].memoryRequestBytes = .max
        }
        let pod = try #require(PodSummary.pods(of: node).first { $0.uid == "uid-web" })
        #expect(pod.cpuRequestCores == Double(Int64.max) / 1000)
        #expect(pod.memoryRequest == Double(Int64.max))
        _ = NodeView.page(node, banner: nil).rendered
    }

    /// Two stacks of `UInt64.max` samples (`+=` trapped), and one 100,000 frames deep (recursion overflowed).
    @Test func flameGraphsSaturateAndStopAtPerfsDepth() throws {
        let graph = FlameGraph(folded: "a;b \(UInt64.max)\na;c \(UInt64.max)\n")
        #expect(graph.root.value == .max)
        #expect(graph.frames().map(\.width) == [.max, .max, .max, .max])
        let deep = Array(repeating: "f", count: 100_000).joined(separator: ";") + " 3\n"
        let tall = FlameGraph(folded: deep)
        #expect(tall.truncatedStacks == 1)
        let frames = tall.frames()
        #expect(frames.count == FlameGraph.maximumDepth + 1)
        #expect(frames.last?.depth == FlameGraph.maximumDepth)
        _ = try JSONEncoder().encode(tall.json)
        _ = FlameGraphSVG.render(tall, title: "deep").rendered
    }

    /// `retry_after: 1e300` (JSON) and `Retry-After: 1e18` (header) trapped converting to milliseconds.
    @Test(arguments: [
        (#"{"retry_after": 1e300}"#, nil as String?), (#"{"retry_after": 1e16}"#, nil), ("", "1e18"),
    ])
    func aHugeRetryAfterWaitsAtMostFiveMinutes(body: String, header: String?) {
        #expect(NotificationSender.retryAfter(body: body, header: header) == 300_000)
    }

    @Test func anOrdinaryRetryAfterIsKept() {
        #expect(NotificationSender.retryAfter(body: #"{"retry_after": 1.5}"#, header: nil) == 1_500)
        #expect(NotificationSender.retryAfter(body: "", header: "2") == 2_000)
    }

    /// An infinite sample was stored in the firing alert; `/api/v1/alerts` then failed to encode it (500).
    @Test func aNonFiniteSampleIsUnknownAndNeverStored() async throws {
        let center = AlertCenter(store: nil, configuredChannels: [])
        _ = try await center.createRule(AlertCenterTests.draft("node.load1", 1, forSeconds: 0), now: 0)
        func load(_ value: Double) -> [AlertSample] {
            [AlertSample(metric: "node.load1", subject: AlertCenterTests.alpha, value: value)]
        }
        center.evaluate(load(.infinity), now: 1_000)
        #expect(center.alerts(firing: true, resolved: false).isEmpty)
        center.evaluate(load(5), now: 2_000)
        center.evaluate(load(.nan), now: 3_000)
        center.evaluate(load(-.infinity), now: 4_000)
        let firing = try #require(center.alerts(firing: true, resolved: false).first)
        #expect(firing.value == 5)
        _ = try JSONEncoder().encode(center.alerts(firing: true, resolved: true))
    }
}
