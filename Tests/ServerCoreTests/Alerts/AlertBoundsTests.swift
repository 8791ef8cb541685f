import AlertStore
import Alerting
import Logging
import Postgres
import PostgresTesting
import Testing

@testable import AlertEngine
@testable import ServerCore
@testable import Web

/// Alert state keyed by names agents choose stays bounded (security review M1, M5): pairs per rule, waiting
/// notifications per rule, and a journal entry PostgreSQL refuses for its data is set aside instead of
/// blocking every later write.
@Suite struct AlertBoundsTests {
    static func pods(_ count: Int, value: Double, name: (Int) -> String = { "pod-\($0)" }) -> [AlertSample] {
        (0..<count).map { index in
            AlertSample(
                metric: "pod.cpu.cores",
                subject: .pod(node: "n", namespace: "ns", pod: name(index), workload: ""),
                value: value
            )
        }
    }

    @Test func aRuleTracksAtMostItsMaximumOfPairsAndSaysHowManyItRefused() async throws {
        let center = AlertCenter(store: nil, configuredChannels: [], limits: .init(pairsPerRule: 10))
        let rule = try await center.createRule(
            AlertCenterTests.draft("pod.cpu.cores", 1, target: .pods(namespace: "ns", podPrefix: ""), forSeconds: 0),
            now: 0
        )
        center.evaluate(Self.pods(25, value: 5), now: 1_000)
        #expect(center.alerts(firing: true, resolved: false).count == 10)
        let overview = center.overview()
        #expect(overview.pairsRefused[rule.id] == 15)
        // Pairs that return to ok free their place for others.
        center.evaluate(Self.pods(25, value: 0), now: 2_000)
        center.evaluate(Array(Self.pods(25, value: 5).suffix(5)), now: 3_000)
        #expect(center.alerts(firing: true, resolved: false).count == 5)
    }

    @Test func pastTheMaximumWaitingTheOldestNotificationsAreDroppedAndCounted() async throws {
        let center = AlertCenter(
            store: nil,
            configuredChannels: ["webhook"],
            limits: .init(pendingNotificationsPerRule: 4)
        )
        let rule = try await center.createRule(
            AlertCenterTests.draft("pod.cpu.cores", 1, target: .pods(namespace: "ns", podPrefix: ""), forSeconds: 0),
            now: 0
        )
        center.evaluate(Self.pods(10, value: 5), now: 1_000)
        let pending = center.notifications.filter { $0.status == .pending }
        #expect(pending.count == 4)
        #expect(pending.map(\.event.subject.pod) == (6..<10).map { "pod-\($0)" })
        #expect(center.overview().notificationsDropped[rule.id] == 6)
        let page = AlertsView.limits(
            AlertsView.Context(
                overview: center.overview(),
                targets: NotificationTargets(),
                csrf: "",
                mayWrite: false,
                adminTokenSet: false,
                form: RuleForm(),
                problems: [],
                history: "",
                now: 0
            )
        ).rendered
        #expect(page.contains("notifications dropped") && page.contains(">6<"))
    }

    /// The reproduced stall: a NUL in a pod name made PostgreSQL refuse the batch (22P05), retried for ever. Now
    /// the entry is set aside and the alerts after it reach the database.
    @Test func anEntryPostgresRefusesForItsDataIsSetAsideAndLaterOnesAreWritten() async throws {
        let database = try await TestPostgres()
        let store = AlertDatabase(connection: PostgresConnection(conninfo: database.conninfo))
        try await store.migrate()
        let center = AlertCenter(store: store, configuredChannels: [])
        center.load(try await store.load(), now: 0)
        _ = try await center.createRule(
            AlertCenterTests.draft(
                "pod.cpu.cores",
                1,
                target: .pods(namespace: "ns", podPrefix: ""),
                forSeconds: 0,
                channels: []
            ),
            now: 0
        )
        center.evaluate(Self.pods(3, value: 5) { $0 == 1 ? "bad\u{0}pod" : "pod-\($0)" }, now: 1_000)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let persistence = AlertPersistenceService(center: center, store: store, logger: logger)
        var failing = false
        _ = await persistence.flush(reportingFailure: &failing)
        #expect(center.journalHead(limit: .max).isEmpty)
        let setAside = center.overview().setAside
        #expect(!setAside.isEmpty && setAside.allSatisfy { $0.error.contains("22") })
        let stored = try await store.load().firingAlerts.map(\.subject.pod).sorted()
        #expect(stored == ["pod-0", "pod-2"])
    }
}
