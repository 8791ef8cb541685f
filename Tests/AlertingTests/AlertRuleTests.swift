import Alerting
import Foundation
import Testing

@Suite struct AlertRuleTests {
    static func rule(
        target: AlertTarget = .node("alpha"),
        metric: String = "node.cpu.percent",
        comparison: AlertOperator = .greater,
        threshold: Double = 90,
        resolve: Double? = nil,
        mentions: [String] = []
    ) -> AlertRule {
        AlertRule(
            id: "1",
            name: "cpu",
            target: target,
            metric: metric,
            comparison: comparison,
            threshold: threshold,
            resolveThreshold: resolve,
            discordMentions: mentions
        )
    }

    @Test func aGoodRuleHasNoProblems() {
        #expect(Self.rule().problems.isEmpty)
        #expect(Self.rule(target: .pods(namespace: "web", podPrefix: "api-"), metric: "pod.cpu.cores").problems.isEmpty)
        #expect(Self.rule(resolve: 80, mentions: ["<@123>", "<@&456>"]).problems.isEmpty)
    }

    @Test(arguments: [
        (rule(metric: "cpu"), "is not one of"),
        (rule(metric: "pod.cpu.cores"), "is a pod metric"),
        (rule(target: .pods(namespace: "web", podPrefix: ""), metric: "node.load1"), "is a node metric"),
        (rule(target: .pods(namespace: "", podPrefix: "x"), metric: "pod.disk.mbps"), "namespace must not be empty"),
        (rule(threshold: .infinity), "threshold must be a number"),
        (rule(resolve: 95), "healthy side"),
        (rule(mentions: ["@everyone"]), "not a Discord user or role mention"),
    ])
    func problemsAreSentences(rule: AlertRule, expected: String) {
        #expect(rule.problems.contains { $0.contains(expected) }, "\(rule.problems)")
    }

    @Test func targetsSelectNodesAndPodsAcrossRollouts() {
        #expect(AlertTarget.node("*").matches(node: "anything"))
        #expect(!AlertTarget.node("alpha").matches(node: "beta"))
        let pods = AlertTarget.pods(namespace: "web", podPrefix: "api-")
        #expect(pods.matches(namespace: "web", pod: "api-6b8f9c7d5-x7k2p"))
        #expect(pods.matches(namespace: "web", pod: "api-7c9d0e1f2-a1b2c"))  // the next ReplicaSet after a rollout
        #expect(!pods.matches(namespace: "other", pod: "api-6b8f9c7d5-x7k2p"))
        #expect(!pods.matches(node: "web"))
    }

    @Test func everyCatalogueMetricIsAPerSecondRateOrALevel() {
        #expect(AlertMetric.all.count == 34)
        #expect(AlertMetric.all["pod.runqueue.p99_ms"]?.unit == "ms")
        #expect(AlertMetric.all["pod.tcp.retransmits_per_s"]?.unit == "/s")
        #expect(AlertMetric.all.values.allSatisfy { !$0.summary.isEmpty })
        #expect(AlertMetric.all["pod.network.mbps"]?.unit == "MB/s")
    }
}

/// Rules on an owning workload.
@Suite struct WorkloadTargetTests {
    @Test func aWorkloadTargetRoundTripsAndMatchesOnlyItsPods() throws {
        let json = #"{"kind":"workload","namespace":"shop","workload_kind":"Deployment","workload":"checkout"}"#
        let target = try JSONDecoder().decode(AlertTarget.self, from: Data(json.utf8))
        #expect(target == .workload(namespace: "shop", kind: "Deployment", name: "checkout"))
        let back = try JSONDecoder().decode(AlertTarget.self, from: JSONEncoder().encode(target))
        #expect(back == target)
        #expect(
            target.matches(.pod(node: "n", namespace: "shop", pod: "checkout-7d9-x", workload: "Deployment/checkout"))
        )
        #expect(
            !target.matches(.pod(node: "n", namespace: "shop", pod: "checkout-7d9-x", workload: "StatefulSet/checkout"))
        )
        #expect(
            !target.matches(.pod(node: "n", namespace: "data", pod: "checkout-7d9-x", workload: "Deployment/checkout"))
        )
        #expect(target.summary == "pods of Deployment shop/checkout")
    }

    @Test func subjectsStoredWithoutAWorkloadStillDecode() throws {
        let json = #"{"kind":"pod","node":"n","namespace":"shop","pod":"api-1","container":""}"#
        let subject = try JSONDecoder().decode(AlertSubject.self, from: Data(json.utf8))
        #expect(subject.workload == "" && subject.key == "pod/n/shop/api-1")
    }

    @Test func anEmptyWorkloadNameIsAProblem() throws {
        let draft = try RuleDraft.decode(
            json: Data(
                #"{"name":"w","target":{"kind":"workload","namespace":"shop","workload_kind":"Deployment","workload":""},"metric":"pod.not_ready","operator":">","threshold":0}"#
                    .utf8
            )
        )
        #expect(throws: RuleDraft.Invalid.self) { try draft.makeRule(id: "r", defaultChannels: []) }
        do {
            _ = try draft.makeRule(id: "r", defaultChannels: [])
        } catch {
            #expect(error.message.contains("target.workload"))
        }
    }
}
