import Alerting
import Testing

@testable import AlertEngine

/// `pod.restarts` is a count per evaluation, never the cumulative total.
@Suite struct RestartCounterTests {
    static let pod = AlertSubject.pod(node: "n", namespace: "shop", pod: "api-1")

    static func restarts(_ total: Double?, _ subject: AlertSubject = pod) -> [AlertSample] {
        [AlertSample(metric: "pod.restarts", subject: subject, value: total)]
    }

    @Test func totalsBecomeRestartsSinceThePreviousEvaluation() {
        var counter = RestartCounter()
        #expect(counter.convert(Self.restarts(7)).first?.value == nil)  // first sight: unknown
        #expect(counter.convert(Self.restarts(7)).first?.value == 0)
        #expect(counter.convert(Self.restarts(9)).first?.value == 2)
        #expect(counter.convert(Self.restarts(1)).first?.value == 1)  // a new pod with the same name
        let other = AlertSample(metric: "pod.cpu.cores", subject: Self.pod, value: 3)
        #expect(counter.convert([other]) == [other])  // other metrics pass through
        #expect(counter.convert(Self.restarts(1)).first?.value == nil)  // forgotten while absent
    }

    @Test func aRestartingPodFiresAndClearsWhenItStops() async throws {
        let center = AlertCenter(store: nil, configuredChannels: [])
        var draft = RuleDraft()
        draft.name = "restarts"
        draft.target = .pods(namespace: "shop", podPrefix: "api-")
        draft.metric = "pod.restarts"
        draft.comparison = .greater
        draft.threshold = 0
        draft.forSeconds = 0
        draft.channels = []
        _ = try await center.createRule(draft, now: 0)
        var counter = RestartCounter()
        for (second, total) in [(1, 3.0), (6, 4.0), (11, 4.0)] {
            center.evaluate(counter.convert(Self.restarts(total)), now: Int64(second) * 1000)
            if second == 6 { #expect(center.alerts(firing: true, resolved: false).count == 1) }
        }
        #expect(center.alerts(firing: true, resolved: false).isEmpty)
        #expect(center.alerts(firing: false, resolved: true).first?.reason == "condition cleared")
    }
}
