import Alerting
import Testing

/// What a change of leader relies on in the book: pending pairs journaled with their start (another replica
/// fires them on time, once), rule edits from other replicas taken up, forwarded dismissals applied and marked
/// done, and a replica that does not lead journaling nothing.
@Suite struct AlertBookReplicaTests {
    static func rule(id: String = "r1", threshold: Double = 80, forSeconds: Int = 30) -> AlertRule {
        AlertRule(
            id: id,
            name: "memory",
            target: .node("*"),
            metric: "node.memory.percent",
            comparison: .greater,
            threshold: threshold,
            forSeconds: forSeconds,
            channels: ["webhook"]
        )
    }

    static func sample(_ value: Double) -> AlertSample {
        AlertSample(metric: "node.memory.percent", subject: .node("alpha"), value: value)
    }

    static func loaded(_ rules: [AlertRule], pairs: [StoredPair] = [], firing: [Alert] = []) -> AlertBook {
        var book = AlertBook(persistent: true, absenceMilliseconds: 60_000)
        book.load(AlertStoreContents(rules: rules, pairs: pairs, firingAlerts: firing, openNotifications: []), now: 0)
        return book
    }

    /// The pair states a journal would leave in the database.
    static func storedPairs(_ journal: [JournalEntry]) -> [StoredPair] {
        var pairs: [String: StoredPair] = [:]
        for case .pair(let ruleID, let subject, let state, let alertID) in journal {
            pairs[ruleID + subject.key] =
                state.phase == .ok ? nil : StoredPair(ruleID: ruleID, subject: subject, state: state, alertID: alertID)
        }
        return Array(pairs.values)
    }

    @Test func aPendingPairResumesOnAnotherReplicaAndFiresOnceOnTime() {
        var leader = Self.loaded([Self.rule()])
        leader.evaluate([Self.sample(95)], now: 1_000)
        let pending = Self.storedPairs(leader.journal)
        #expect(pending.map(\.state.phase) == [.pending])
        #expect(pending.first?.state.sinceMilliseconds == 1_000)
        // The leader dies here; the next one loads what it journaled.
        var next = Self.loaded([Self.rule()], pairs: pending)
        next.evaluate([Self.sample(95)], now: 20_000)
        #expect(next.firing.isEmpty)
        next.evaluate([Self.sample(95)], now: 31_000)
        #expect(next.firing.count == 1)
        #expect(next.firing.values.first?.startedMilliseconds == 31_000)
        next.evaluate([Self.sample(95)], now: 36_000)
        #expect(next.outbox.filter { $0.kind == .firing }.count == 1)
    }

    @Test func rulesEditedElsewhereAreTakenUp() {
        var book = Self.loaded([Self.rule(forSeconds: 0)])
        book.evaluate([Self.sample(95)], now: 1_000)
        #expect(book.firing.count == 1)
        let added = Self.rule(id: "r2", threshold: 50)
        // Unchanged: nothing to do.
        let unchanged = book.syncRules([Self.rule(forSeconds: 0)], now: 2_000)
        #expect(!unchanged)
        // r1's threshold edited and r2 added elsewhere: r1's alert resolves ("rule edited"), r2 is evaluated.
        let edited = book.syncRules([Self.rule(threshold: 99, forSeconds: 0), added], now: 2_000)
        #expect(edited)
        #expect(book.firing.isEmpty)
        #expect(book.recent.last?.reason == "rule edited")
        #expect(book.rules.map(\.id) == ["r1", "r2"])
        // r1 deleted elsewhere.
        let deleted = book.syncRules([added], now: 3_000)
        #expect(deleted)
        #expect(book.rules.map(\.id) == ["r2"])
    }

    @Test func forwardedDismissalsApplyAndAreMarkedDoneWithTheirEffects() {
        var book = Self.loaded([Self.rule(forSeconds: 0)])
        book.evaluate([Self.sample(95)], now: 1_000)
        let alertID = book.firing.keys.first ?? ""
        book.journalWritten(book.journal.count)
        book.apply(
            [
                AlertAction(id: 7, alertID: alertID, kind: .dismiss, requestedMilliseconds: 1_500),
                AlertAction(id: 8, alertID: "no-such-alert", kind: .dismiss, requestedMilliseconds: 1_500),
            ],
            now: 2_000
        )
        #expect(book.firing.isEmpty)
        #expect(book.recent.last?.dismissed == true)
        let done = book.journal.compactMap { entry -> Int64? in
            guard case .actionDone(let id) = entry else { return nil }
            return id
        }
        #expect(done == [7, 8])
        // The alert's resolution is journaled before its action is marked done (one transaction, in order).
        #expect(
            book.journal.firstIndex { if case .alert = $0 { true } else { false } } ?? .max < book.journal.count - 2
        )
    }

    @Test func aReplicaThatDoesNotLeadJournalsNothing() {
        var book = Self.loaded([Self.rule(forSeconds: 0)])
        book.evaluate([Self.sample(95)], now: 1_000)
        #expect(!book.journal.isEmpty)
        book.stopJournaling()
        #expect(book.journal.isEmpty)
        book.evaluate([Self.sample(10)], now: 2_000)
        _ = book.syncRules([], now: 3_000)
        #expect(book.journal.isEmpty)
    }
}
