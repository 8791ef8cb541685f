import Alerting
import Foundation
import Testing

/// Notifications grouped per (rule, channel, group) as Alertmanager groups: a new group waits `group wait` for
/// more, a group that had a message waits `group interval`, and one message carries all that is pending.
@Suite struct NotificationGroupingTests {
    static let grouping = NotificationGrouping(waitMilliseconds: 10_000, intervalMilliseconds: 60_000)

    static func rule(_ groupBy: AlertGrouping = .namespace) -> AlertRule {
        AlertRule(
            id: "busy",
            name: "busy pods",
            target: .pods(namespace: "shop", podPrefix: ""),
            metric: "pod.cpu.cores",
            comparison: .greater,
            threshold: 1,
            forSeconds: 0,
            channels: ["webhook"],
            groupBy: groupBy
        )
    }

    static func sample(_ node: String, _ pod: String, _ value: Double, workload: String = "") -> AlertSample {
        AlertSample(
            metric: "pod.cpu.cores",
            subject: .pod(node: node, namespace: "shop", pod: pod, workload: workload),
            value: value
        )
    }

    static func book(_ rule: AlertRule) -> AlertBook {
        var book = AlertBook(persistent: false, absenceMilliseconds: 600_000)
        book.add(rule)
        return book
    }

    @Test func aNewGroupWaitsThenOneMessageCarriesEveryAlertWithTheCount() throws {
        var book = Self.book(Self.rule())
        book.evaluate((0..<40).map { Self.sample("n\($0 % 4)", "api-\($0)", 2 + Double($0)) }, now: 0)
        #expect(book.firing.count == 40)
        #expect(book.dueBatches(now: 9_999, grouping: Self.grouping).isEmpty)  // within the group wait
        let due = book.dueBatches(now: 10_000, grouping: Self.grouping)
        #expect(due.count == 1)
        let batch = try #require(due.first)
        #expect(batch.groupKey == "namespace shop" && batch.firing == 40 && batch.notifications.count == 40)
        // The worst first: furthest past the threshold.
        #expect(batch.worst(3).map(\.event.subject.pod) == ["api-39", "api-38", "api-37"])
    }

    @Test func aGroupThatHadAMessageWaitsTheIntervalForTheNext() throws {
        var book = Self.book(Self.rule())
        book.evaluate([Self.sample("n1", "api-1", 5)], now: 0)
        var batch = try #require(book.dueBatches(now: 10_000, grouping: Self.grouping).first)
        for index in batch.notifications.indices { batch.notifications[index].status = .delivered }
        book.recordDelivery(batch, now: 10_000)
        // Two more fire and one resolves: all wait for the group interval, then go as one message.
        book.evaluate(
            [Self.sample("n1", "api-1", 0), Self.sample("n2", "api-2", 5), Self.sample("n3", "api-3", 6)],
            now: 20_000
        )
        #expect(book.dueBatches(now: 69_999, grouping: Self.grouping).isEmpty)
        let next = try #require(book.dueBatches(now: 70_000, grouping: Self.grouping).first)
        #expect(next.notifications.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.firing, .firing, .resolved])
        #expect(next.firing == 2)
    }

    /// A profile's follow-up answers the firing message's promise: it waits the group wait, not the interval.
    @Test func profileFollowUpsDoNotWaitTheGroupInterval() throws {
        var rule = Self.rule()
        rule.profileOnFireSeconds = 30
        var book = Self.book(rule)
        let fired = book.evaluate([Self.sample("n1", "api-1", 5)], now: 0)
        let alert = try #require(fired.first)
        #expect(alert.context?.profile?.state == .running)
        var batch = try #require(book.dueBatches(now: 10_000, grouping: Self.grouping).first)
        for index in batch.notifications.indices { batch.notifications[index].status = .delivered }
        book.recordDelivery(batch, now: 10_000)
        book.profileStarted(alertID: alert.id, AlertProfile(id: "p1", state: .running, durationSeconds: 30))
        book.profileFinished(
            alertID: alert.id,
            AlertProfile(id: "p1", state: .done, durationSeconds: 30, samples: 5),
            folded: Array("a;b 5".utf8),
            now: 40_000
        )
        #expect(book.dueBatches(now: 49_999, grouping: Self.grouping).isEmpty)
        let followUp = try #require(book.dueBatches(now: 50_000, grouping: Self.grouping).first)
        #expect(followUp.notifications.map(\.kind) == [.profiled] && followUp.firing == 1)
        #expect(followUp.notifications.first?.event.profile?.state == .done)
        #expect(book.alert(id: alert.id)?.context?.profile?.samples == 5)
    }

    @Test func groupByDecidesWhatGoesTogether() {
        let subject = AlertSubject.pod(node: "alpha", namespace: "shop", pod: "api-7c9", workload: "Deployment/api")
        #expect(AlertGrouping.namespace.key(subject) == "namespace shop")
        #expect(AlertGrouping.node.key(subject) == "node alpha")
        #expect(AlertGrouping.workload.key(subject) == "Deployment/api in shop")
        #expect(AlertGrouping.workload.key(.pod(node: "a", namespace: "s", pod: "bare")) == "pod s/bare")
        #expect(AlertGrouping.namespace.key(.node("alpha")) == "all nodes")

        var book = Self.book(Self.rule(.node))
        book.evaluate([Self.sample("n1", "a", 5), Self.sample("n1", "b", 5), Self.sample("n2", "c", 5)], now: 0)
        let due = book.dueBatches(now: 10_000, grouping: Self.grouping)
        #expect(due.map(\.groupKey).sorted() == ["node n1", "node n2"])
        #expect(due.map(\.notifications.count).sorted() == [1, 2])
    }

    /// A storm queues one notification per alert in one evaluation; the rule's maximum waiting is enforced
    /// once, oldest first, and counted.
    @Test func theWaitingLimitIsEnforcedOncePerEvaluation() {
        var book = AlertBook(
            persistent: false,
            absenceMilliseconds: 600_000,
            limits: .init(pendingNotificationsPerRule: 100)
        )
        book.add(Self.rule())
        book.evaluate((0..<250).map { Self.sample("n", "p\($0)", 5) }, now: 0)
        #expect(book.outbox.count { $0.status == .pending } == 100)
        #expect(book.notificationsDropped["busy"] == 150)
        #expect(book.firing.count == 250)  // alerts are never dropped, only their waiting messages
    }

    @Test func storedRulesWithoutTheNewFieldsDecodeWithDefaults() throws {
        let stored = #"""
            {"id":"r","name":"n","target":{"kind":"node","node":"*"},"metric":"node.cpu.percent","operator":">",
             "threshold":90,"for_seconds":60,"severity":"warning","enabled":true,"channels":[],"renotify_seconds":0}
            """#
        let rule = try JSONDecoder().decode(AlertRule.self, from: Data(stored.utf8))
        #expect(rule.groupBy == .namespace && rule.profileOnFireSeconds == 0 && rule.discordMentions.isEmpty)
    }

    @Test func ruleFieldsAreCheckedWithTheFieldNamed() {
        #expect(throws: RuleDraft.Invalid.self) {
            try RuleDraft.decode(json: Data(#"{"group_by":"cluster"}"#.utf8))
        }
        var node = Self.rule()
        node.target = .node("*")
        node.metric = "node.cpu.percent"
        node.profileOnFireSeconds = 30
        #expect(node.problems.contains { $0.contains("profile_on_fire_seconds needs a pod or container target") })
        var long = Self.rule()
        long.profileOnFireSeconds = 601
        #expect(long.problems.contains { $0.hasPrefix("profile_on_fire_seconds must be") })
        long.profileOnFireSeconds = 60
        #expect(long.problems.isEmpty)
    }

    @Test func linksNeedAnAbsoluteHTTPBaseAndEncodeIDs() {
        #expect(NotificationLinks(base: "podwatch.example") == nil)
        #expect(NotificationLinks(base: "javascript:alert(1)") == nil)
        #expect(NotificationLinks(base: "https://p.example/a b") == nil)
        let links = NotificationLinks(base: "https://p.example/podwatch//")
        #expect(links?.alert("a<b>") == "https://p.example/podwatch/alerts/a%3Cb%3E")
        #expect(links?.profile("id") == "https://p.example/podwatch/alerts/id/profile")
    }
}
