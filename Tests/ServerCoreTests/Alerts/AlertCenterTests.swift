import AlertStore
import Alerting
import Postgres
import PostgresTesting
import Testing

@testable import AlertEngine
@testable import ServerCore

/// The alert center's bookkeeping with a fake clock and synthetic samples: every transition, dismiss, rule
/// changes while firing, vanished subjects, and restart reconciliation against a real PostgreSQL.
@Suite struct AlertCenterTests {
    static let alpha = AlertSubject.node("alpha")

    static func draft(
        _ metric: String = "node.cpu.percent",
        _ threshold: Double = 90,
        target: AlertTarget = .node("*"),
        forSeconds: Int = 10,
        resolve: Double? = nil,
        channels: [String] = ["webhook"]
    ) -> RuleDraft {
        var draft = RuleDraft()
        draft.name = "cpu"
        draft.target = target
        draft.metric = metric
        draft.comparison = .greater
        draft.threshold = threshold
        draft.resolveThreshold = resolve
        draft.forSeconds = forSeconds
        draft.channels = channels
        return draft
    }

    static func cpu(_ value: Double?, _ subject: AlertSubject = alpha) -> [AlertSample] {
        [AlertSample(metric: "node.cpu.percent", subject: subject, value: value)]
    }

    static func kinds(_ center: AlertCenter) -> [String] {
        center.notifications.map(\.kind.rawValue)
    }

    @Test func pendingThenFiringThenResolvedWithHysteresis() async throws {
        let center = AlertCenter(store: nil, configuredChannels: [])
        _ = try await center.createRule(Self.draft(resolve: 80), now: 0)
        center.evaluate(Self.cpu(95), now: 1_000)
        #expect(center.overview().counts.values.first?.pending == 1)
        #expect(center.alerts(firing: true, resolved: false).isEmpty)
        center.evaluate(Self.cpu(96), now: 11_000)
        let firing = try #require(center.alerts(firing: true, resolved: false).first)
        #expect(firing.value == 96 && firing.subject == Self.alpha)
        center.evaluate(Self.cpu(85), now: 16_000)  // between the thresholds: still firing
        #expect(center.alerts(firing: true, resolved: false).count == 1)
        center.evaluate(Self.cpu(nil), now: 17_000)  // unknown changes nothing
        #expect(center.alerts(firing: true, resolved: false).count == 1)
        center.evaluate(Self.cpu(79), now: 21_000)
        let resolved = try #require(center.alerts(firing: false, resolved: true).first)
        #expect(
            resolved.id == firing.id && resolved.reason == "condition cleared"
                && resolved.resolvedMilliseconds == 21_000
        )
        #expect(Self.kinds(center) == ["firing", "resolved"])
    }

    @Test func dismissResolvesAndStaysQuietUntilTheConditionClears() async throws {
        let center = AlertCenter(store: nil, configuredChannels: [])
        _ = try await center.createRule(Self.draft(forSeconds: 0), now: 0)
        center.evaluate(Self.cpu(95), now: 1_000)
        let alert = try #require(center.alerts(firing: true, resolved: false).first)
        let dismissed = try #require(center.dismiss(alertID: alert.id, now: 2_000))
        #expect(dismissed.dismissed && dismissed.state == .resolved && dismissed.reason == "dismissed")
        for second in 3...20 { center.evaluate(Self.cpu(99), now: Int64(second) * 1000) }
        #expect(center.alerts(firing: true, resolved: false).isEmpty)  // the predecessor re-fired here
        #expect(Self.kinds(center) == ["firing", "dismissed"])
        #expect(center.dismiss(alertID: alert.id, now: 21_000)?.id == alert.id)  // idempotent
        center.evaluate(Self.cpu(10), now: 22_000)
        center.evaluate(Self.cpu(99), now: 23_000)
        #expect(center.alerts(firing: true, resolved: false).count == 1)
        #expect(Self.kinds(center) == ["firing", "dismissed", "firing"])
    }

    @Test func aFiringRuleCanBeDisabledEditedAndDeletedWithTheReasonRecorded() async throws {
        let center = AlertCenter(store: nil, configuredChannels: [])
        let rule = try await center.createRule(Self.draft(forSeconds: 0), now: 0)
        center.evaluate(Self.cpu(95), now: 1_000)
        var rename = RuleDraft()
        rename.name = "renamed"
        _ = try await center.updateRule(id: rule.id, rename, now: 1_500)
        #expect(center.alerts(firing: true, resolved: false).count == 1)  // a rename resolves nothing

        var disable = RuleDraft()
        disable.enabled = false
        _ = try await center.updateRule(id: rule.id, disable, now: 2_000)
        #expect(center.alerts(firing: false, resolved: true).map(\.reason) == ["rule disabled"])
        center.evaluate(Self.cpu(99), now: 3_000)
        #expect(center.alerts(firing: true, resolved: false).isEmpty)

        var enable = RuleDraft()
        enable.enabled = true
        _ = try await center.updateRule(id: rule.id, enable, now: 4_000)
        center.evaluate(Self.cpu(99), now: 5_000)
        var edit = RuleDraft()
        edit.threshold = 97
        _ = try await center.updateRule(id: rule.id, edit, now: 6_000)
        center.evaluate(Self.cpu(99), now: 7_000)
        try await center.deleteRule(id: rule.id, now: 8_000)
        let reasons = center.alerts(firing: false, resolved: true).compactMap(\.reason)
        #expect(Set(reasons) == ["rule disabled", "rule edited", "rule deleted"])
        #expect(center.alerts(firing: true, resolved: false).isEmpty)
        #expect(center.rules.isEmpty)
    }

    @Test func twoRulesOnOneMetricKeepSeparateStates() async throws {
        let center = AlertCenter(store: nil, configuredChannels: [])
        let low = try await center.createRule(Self.draft("node.cpu.percent", 50, forSeconds: 0), now: 0)
        _ = try await center.createRule(Self.draft("node.cpu.percent", 90, forSeconds: 0), now: 0)
        center.evaluate(Self.cpu(60), now: 1_000)
        let firing = center.alerts(firing: true, resolved: false)
        #expect(firing.map(\.ruleID) == [low.id])
        center.evaluate(Self.cpu(95), now: 2_000)
        #expect(center.alerts(firing: true, resolved: false).count == 2)
        center.evaluate(Self.cpu(70), now: 3_000)
        #expect(center.alerts(firing: true, resolved: false).map(\.ruleID) == [low.id])
    }

    @Test func aVanishedPodResolvesButASilentNodeKeepsNoDataFiring() async throws {
        let center = AlertCenter(store: nil, configuredChannels: [], absence: .seconds(60))
        _ = try await center.createRule(
            Self.draft("pod.cpu.cores", 1, target: .pods(namespace: "shop", podPrefix: "api-"), forSeconds: 0),
            now: 0
        )
        _ = try await center.createRule(Self.draft("node.nodata", 0, forSeconds: 0), now: 0)
        let pod = AlertSubject.pod(node: "alpha", namespace: "shop", pod: "api-7c9")
        let other = AlertSubject.pod(node: "alpha", namespace: "shop", pod: "web-1")
        center.evaluate(
            [
                AlertSample(metric: "pod.cpu.cores", subject: pod, value: 2),
                AlertSample(metric: "pod.cpu.cores", subject: other, value: 5),
                AlertSample(metric: "node.nodata", subject: Self.alpha, value: 12),
            ],
            now: 1_000
        )
        #expect(
            Set(center.alerts(firing: true, resolved: false).map(\.subject.key)) == [
                "pod/alpha/shop/api-7c9", "node/alpha",
            ]
        )
        center.evaluate([], now: 30_000)
        #expect(center.alerts(firing: true, resolved: false).count == 2)  // not yet past the absence limit
        center.evaluate([], now: 62_000)
        #expect(center.alerts(firing: true, resolved: false).map(\.subject.key) == ["node/alpha"])
        #expect(center.alerts(firing: false, resolved: true).first?.reason == "no data from pod shop/api-7c9 for 60 s")
    }

    @Test func invalidRulesAreRefusedWithTheFieldNamed() async throws {
        let center = AlertCenter(store: nil, configuredChannels: [])
        var draft = Self.draft()
        draft.metric = "node.cpu"
        await #expect(throws: AlertCenterError.self) { try await center.createRule(draft, now: 0) }
        do {
            _ = try await center.createRule(draft, now: 0)
        } catch {
            #expect("\(error)".hasPrefix("metric: 'node.cpu' is not one of"))
        }
        await #expect(throws: AlertCenterError.self) { try await center.deleteRule(id: "nope", now: 0) }
    }

    /// A restarted server resumes firing alerts from the database: the same breach notifies nobody again, and
    /// the clear that follows resolves the very alert that fired before the restart.
    @Test func restartReconciliationSendsNoDuplicate() async throws {
        let database = try await TestPostgres()
        let store = AlertDatabase(connection: PostgresConnection(conninfo: database.conninfo))
        try await store.migrate()
        let before = AlertCenter(store: store, configuredChannels: ["webhook"])
        before.load(try await store.load(), now: 0)
        _ = try await before.createRule(Self.draft(forSeconds: 0), now: 0)
        before.evaluate(Self.cpu(95), now: 1_000)
        let fired = try #require(before.alerts(firing: true, resolved: false).first)
        var delivered = try #require(before.notifications.first)
        delivered.status = .delivered
        before.recordDelivery(NotificationBatch(delivered), now: 1_000)
        try await store.write(before.journalHead(limit: .max))

        let after = AlertCenter(store: store, configuredChannels: ["webhook"])
        after.load(try await store.load(), now: 100_000)
        #expect(after.alerts(firing: true, resolved: false).map(\.id) == [fired.id])
        #expect(after.notifications.isEmpty)  // the firing message was delivered before the restart
        for second in 101...110 { after.evaluate(Self.cpu(97), now: Int64(second) * 1000) }
        #expect(after.notifications.isEmpty)
        #expect(after.alerts(firing: true, resolved: false).map(\.id) == [fired.id])
        after.evaluate(Self.cpu(20), now: 111_000)
        #expect(after.notifications.map(\.kind) == [.resolved])
        #expect(after.notifications.first?.alertID == fired.id)
    }
}
