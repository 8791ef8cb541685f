import Alerting
import Testing

/// The alert bookkeeping as a value: driven step by step with explicit times, no lock, no database, no clock.
@Suite struct AlertBookTests {
    static func rule(
        id: String = "r1",
        threshold: Double = 80,
        channels: [String] = ["webhook", "discord"]
    ) -> AlertRule {
        AlertRule(
            id: id,
            name: "memory",
            target: .node("*"),
            metric: "node.memory.percent",
            comparison: .greater,
            threshold: threshold,
            forSeconds: 0,
            channels: channels
        )
    }

    static func sample(_ node: String, _ value: Double?) -> AlertSample {
        AlertSample(metric: "node.memory.percent", subject: .node(node), value: value)
    }

    @Test func firingQueuesOneNotificationPerChannelAndJournalsOnlyWhenPersistent() {
        for persistent in [true, false] {
            var book = AlertBook(persistent: persistent, absenceMilliseconds: 60_000)
            book.load(
                AlertStoreContents(rules: [Self.rule()], pairs: [], firingAlerts: [], openNotifications: []),
                now: 0
            )
            book.evaluate([Self.sample("alpha", 95), Self.sample("beta", 10)], now: 1_000)
            #expect(book.firing.count == 1)
            #expect(book.firing.values.first?.subject == .node("alpha"))
            #expect(book.outbox.map(\.channel).sorted() == ["discord", "webhook"])
            #expect(book.outbox.allSatisfy { $0.kind == .firing && $0.status == .pending })
            #expect(book.ruleCounts["r1"]?.firing == 1)
            #expect(book.firingBySubject["node/alpha"] == .warning)
            if persistent {
                // The alert, both notifications and the pair's state, in that order.
                #expect(book.journal.count == 4)
                book.journalWritten(4)
            }
            #expect(book.journal.isEmpty)
        }
    }

    @Test func aBookWaitsForItsRulesBeforeEvaluating() {
        var book = AlertBook(persistent: true, absenceMilliseconds: 60_000)
        book.add(Self.rule())
        book.evaluate([Self.sample("alpha", 95)], now: 1_000)
        #expect(book.firing.isEmpty && !book.loaded)
    }

    @Test func dismissingResolvesAndSilencesUntilTheConditionClears() throws {
        var book = AlertBook(persistent: false, absenceMilliseconds: 60_000)
        book.add(Self.rule(channels: ["webhook"]))
        book.evaluate([Self.sample("alpha", 95)], now: 1_000)
        let id = try #require(book.firing.keys.first)
        let result = book.dismiss(alertID: id, now: 2_000)
        let dismissed = try #require(result)
        #expect(dismissed.dismissed && dismissed.state == .resolved && dismissed.resolvedMilliseconds == 2_000)
        #expect(book.firing.isEmpty && book.ruleCounts["r1"]?.silenced == 1)
        book.evaluate([Self.sample("alpha", 96)], now: 3_000)
        #expect(book.firing.isEmpty)  // still quiet: the condition never cleared
        book.evaluate([Self.sample("alpha", 10)], now: 4_000)
        book.evaluate([Self.sample("alpha", 97)], now: 5_000)
        #expect(book.firing.count == 1)
        #expect(book.outbox.map(\.kind) == [.firing, .dismissed, .firing])
    }

    @Test func aSubjectThatStopsReportingResolvesAfterTheAbsenceLimit() {
        var book = AlertBook(persistent: false, absenceMilliseconds: 60_000)
        book.add(Self.rule(channels: []))
        book.evaluate([Self.sample("alpha", 95)], now: 0)
        book.evaluate([], now: 60_000)
        #expect(book.firing.count == 1)
        book.evaluate([], now: 60_001)
        #expect(book.firing.isEmpty)
        #expect(book.recent.first?.reason == "no data from node alpha for 60 s")
    }

    @Test func subjectsPastTheRuleMaximumAreCountedNotTracked() {
        var book = AlertBook(persistent: false, absenceMilliseconds: 60_000, limits: .init(pairsPerRule: 2))
        book.add(Self.rule(channels: []))
        book.evaluate((1...5).map { Self.sample("node-\($0)", 99) }, now: 0)
        #expect(book.firing.count == 2 && book.pairs.count == 2)
        #expect(book.pairsRefused["r1"] == 3)
    }

    @Test func editingWhatARuleEvaluatesResolvesItsAlertsAndRenamingDoesNot() {
        var book = AlertBook(persistent: false, absenceMilliseconds: 60_000)
        book.add(Self.rule(channels: []))
        book.evaluate([Self.sample("alpha", 95)], now: 0)
        var renamed = Self.rule(channels: [])
        renamed.name = "memory (renamed)"
        book.replace(renamed, now: 1_000)
        #expect(book.firing.count == 1)
        book.replace(Self.rule(threshold: 99, channels: []), now: 2_000)
        #expect(book.firing.isEmpty && book.recent.last?.reason == "rule edited")
        book.evaluate([Self.sample("alpha", 95)], now: 3_000)
        book.remove(ruleID: "r1", now: 4_000)
        #expect(book.rules.isEmpty && book.pairs.isEmpty)
    }

    @Test func pendingNotificationsPastTheMaximumAreGivenUpOldestFirst() {
        var book = AlertBook(
            persistent: false,
            absenceMilliseconds: 60_000,
            limits: .init(pendingNotificationsPerRule: 2)
        )
        book.add(Self.rule(channels: ["webhook"]))
        for step in 0..<3 {
            book.evaluate([Self.sample("alpha", 95)], now: Int64(step) * 2_000)
            book.evaluate([Self.sample("alpha", 10)], now: Int64(step) * 2_000 + 1_000)
        }
        let pending = book.outbox.filter { $0.status == .pending }
        #expect(pending.count == 2)
        #expect(book.notificationsDropped["r1"] == 4)
        // Both alerts are on node alpha, one group: one message carries both pending notifications.
        let due = book.dueBatches(
            now: 10_000,
            grouping: NotificationGrouping(waitMilliseconds: 0, intervalMilliseconds: 0)
        )
        #expect(due.count == 1 && due.first?.notifications.count == 2)
    }
}

/// A pod's alerts belong to the node that reports it.
@Suite struct AlertSubjectNodeTests {
    @Test func anotherNodeReportingTheSamePodCannotResolveItsAlert() throws {
        var book = AlertBook(persistent: false, absenceMilliseconds: 60_000)
        book.add(
            AlertRule(
                id: "p",
                name: "busy pods",
                target: .pods(namespace: "shop", podPrefix: ""),
                metric: "pod.cpu.cores",
                comparison: .greater,
                threshold: 1,
                forSeconds: 0
            )
        )
        let real = AlertSubject.pod(node: "alpha", namespace: "shop", pod: "api-1")
        let impostor = AlertSubject.pod(node: "beta", namespace: "shop", pod: "api-1")
        #expect(real.key != impostor.key)
        book.evaluate([AlertSample(metric: "pod.cpu.cores", subject: real, value: 3)], now: 0)
        book.evaluate([AlertSample(metric: "pod.cpu.cores", subject: impostor, value: 0)], now: 1_000)
        #expect(book.firing.values.map(\.subject) == [real])
    }
}
