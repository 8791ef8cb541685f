import AlertEngine
import Alerting
import Foundation
import NIOCore
import NodeStore
import PostgresTesting
import ServerCore
import ServerTesting
import Simulation
import Telemetry
import Testing
import Wire

/// The storm a new user makes: 300 simulated nodes × 100 pods, one rule per namespace with a condition every
/// pod meets, so that every pod with a CPU rate fires at once (~24,000 alerts). Grouped as Alertmanager groups:
/// one message per (rule, group) within the group wait, each with the count; `/alerts` and its live fragment
/// stay small; every alert is in the history.
@Suite(.serialized) struct AlertStormTests {
    static let nodes = Int(ProcessInfo.processInfo.environment["PODWATCH_STORM_NODES"] ?? "") ?? 300
    static let podsPerNode = 100
    static let groupWait: Int64 = 8_000

    @Test func aStormIsOneMessagePerRuleAndGroupAndTheAlertsPageStaysSmall() async throws {
        let database = try await TestPostgres()
        let receiver = try await Receiver()
        // Raw clients send no heartbeats: a silence limit past the test's length keeps them connected.
        let server = try await TestServer(ttl: .seconds(3600), silence: .seconds(3600)) {
            $0.databaseURL = database.conninfo
            $0.notificationTargets = NotificationTargets(webhook: receiver.url)
            $0.evaluationInterval = .seconds(1)
            $0.notificationGrouping = NotificationGrouping(
                waitMilliseconds: Self.groupWait,
                intervalMilliseconds: 3_600_000
            )
            $0.maximumConnectionsPerAddress = 0
        }
        try await server.eventually("rules loaded") { server.server.alerts.isLoaded }
        let agents = Self.feed(server)
        defer { agents.cancel() }
        try await server.eventually("every node with rates", timeout: .seconds(300)) {
            server.server.cache.all().count { $0.rates != nil } == Self.nodes
        }
        // Every pod whose CPU rate is known meets `pod.cpu.cores >= 0` (once per node and name: the simulation
        // gives some StatefulSet pods of a node the same name, and an alert is per subject).
        var subjects: [String: Set<String>] = [:]
        for node in server.server.cache.all() {
            for pod in PodSummary.pods(of: node) where pod.cpuCores != nil {
                subjects[pod.namespace, default: []].insert("\(node.name)/\(pod.name)")
            }
        }
        let expected = subjects.mapValues(\.count)
        for namespace in expected.keys.sorted() {
            let rule = """
                {"name":"storm \(namespace)","target":{"kind":"pods","namespace":"\(namespace)"},
                 "metric":"pod.cpu.cores","operator":">=","threshold":0,"for_seconds":0,"channels":["webhook"],
                 "renotify_seconds":0}
                """
            let created = try await server.request("POST", "/api/v1/rules", body: rule)
            #expect(created.status == 201, "\(created.body)")
        }
        let total = expected.values.reduce(0, +)
        var firing = 0
        do {
            try await server.eventually("\(total) alerts firing", timeout: .seconds(120)) {
                firing = server.server.alerts.alerts(firing: true, resolved: false).count
                return firing == total
            }
        } catch {
            let counts = Dictionary(
                grouping: server.server.alerts.alerts(firing: true, resolved: false),
                by: \.subject.namespace
            ).mapValues(\.count)
            Issue.record("\(firing) of \(total) fired: \(counts) expected \(expected)")
            throw error
        }
        let firedAt = WallClock.milliseconds()

        // One message per rule (each rule is one namespace: one group), after the group wait, with the count.
        do {
            try await server.eventually("one message per rule", timeout: .seconds(60)) {
                receiver.messages.count >= expected.count
            }
        } catch {
            let overview = server.server.alerts.overview()
            let errors = Set(overview.notifications.compactMap(\.lastError)).prefix(3)
            Issue.record(
                "\(receiver.bodies.count) bodies; pending \(overview.pendingNotifications), failed \(overview.failedNotifications): \(errors)"
            )
            throw error
        }
        let waitedUntil = WallClock.milliseconds()
        try await Task.sleep(for: .seconds(3))  // a second message of any group would arrive now
        let messages = receiver.messages
        #expect(messages.count == expected.count, "\(messages.count) messages for \(expected.count) rules")
        let rules = server.server.alerts.rules
        for message in messages {
            let rule = try #require(rules.first { $0.id == message["rule_id"] as? String })
            let namespace = rule.name.replacingOccurrences(of: "storm ", with: "")
            #expect(message["group_key"] as? String == "namespace \(namespace)")
            #expect(message["firing"] as? Int == expected[namespace], "\(namespace)")
            #expect(message["notification_count"] as? Int == expected[namespace])
            let carried = message["notifications"] as? [[String: Any]] ?? []
            #expect(carried.count == min(100, expected[namespace] ?? 0))
        }
        #expect(Set(messages.compactMap { $0["rule_id"] as? String }).count == messages.count)
        print("storm: \(total) alerts, \(messages.count) messages, first after ≤ \(waitedUntil - firedAt) ms")

        // The alerts page and its fragment: small whatever fires.
        for path in ["/alerts", "/alerts/fragments/active"] {
            let clock = ContinuousClock()
            let started = clock.now
            let (status, body) = try await server.get(path)
            let took = clock.now - started
            #expect(status == 200)
            #expect(body.utf8.count < 300_000, "\(path) is \(body.utf8.count) bytes")
            #expect(body.contains("\(total) firing"))
            print("storm: \(path) \(body.utf8.count) bytes in \(took)")
        }
        let ruleID = try #require(rules.first?.id)
        let paged = try await server.get("/alerts?rule=\(ruleID)&page=2")
        #expect(paged.status == 200 && paged.body.contains("page 2 of"))

        // Every alert reaches the history (the journal drains into PostgreSQL).
        try await server.eventually("the journal written", timeout: .seconds(300)) {
            server.server.alerts.journalHead(limit: 1).isEmpty
        }
        let history = try await server.get("/api/v1/alerts/history?window=1h&limit=1")
        let page = try #require(try JSONSerialization.jsonObject(with: Data(history.body.utf8)) as? [String: Any])
        #expect(page["total"] as? Int == total)
        await server.stop()
        await receiver.stop()
    }

    /// Connects every simulated node, sends two snapshots (so that rates exist) and stays connected.
    static func feed(_ server: TestServer) -> Task<Void, any Error> {
        Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<Self.nodes {
                    group.addTask {
                        let name = "storm-\(index)"
                        try await RawClient.session(port: server.ingestPort) { client in
                            try await client.send(RawClient.hello(node: name, token: "t0ken"))
                            guard case .welcome = try await client.frames(limit: 1).first else {
                                throw TestFailure("\(name) was not welcomed")
                            }
                            var synthetic = SyntheticNode(name: name, pods: Self.podsPerNode, seed: UInt64(index + 1))
                            var encoder = SnapshotEncoder()
                            let start = WallClock.milliseconds()
                            for frame in 0..<2 {
                                if frame > 0 { synthetic.advance() }
                                let snapshot = synthetic.snapshot(wallMilliseconds: start + Int64(frame) * 5_000)
                                var bytes = ByteBufferAllocator().buffer(capacity: 0)
                                FrameEncoder.write(encoder.frame(for: snapshot), to: &bytes)
                                try await client.send(bytes)
                            }
                            try await Task.sleep(for: .seconds(3600))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
