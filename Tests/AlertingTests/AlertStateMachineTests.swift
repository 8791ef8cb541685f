import Alerting
import Testing

@Suite struct AlertStateMachineTests {
    static func rule(
        _ comparison: AlertOperator = .greater,
        threshold: Double = 90,
        resolve: Double? = nil,
        forSeconds: Int = 60,
        renotify: Int = 0
    ) -> AlertRule {
        AlertRule(
            id: "r1",
            name: "memory",
            target: .node("alpha"),
            metric: "node.memory.percent",
            comparison: comparison,
            threshold: threshold,
            resolveThreshold: resolve,
            forSeconds: forSeconds,
            renotifySeconds: renotify
        )
    }

    /// Feeds (seconds, value) pairs and returns the transitions with the second they happened.
    static func run(
        _ rule: AlertRule,
        _ samples: [(Int64, Double?)],
        state: inout AlertState
    ) -> [(Int64, AlertTransition)] {
        samples.compactMap { second, value in
            AlertStateMachine.step(&state, rule: rule, value: value, now: second * 1000).map { (second, $0) }
        }
    }

    /// Without a resolve threshold, a value that no longer breaches clears — also exactly at the threshold
    /// (`> 0` must clear at 0; it once stayed firing there).
    @Test(arguments: [(AlertOperator.greater, 90.0), (.less, 10.0), (.greaterOrEqual, 89.0), (.lessOrEqual, 11.0)])
    func aValueAtTheThresholdClearsWithoutHysteresis(comparison: AlertOperator, clearing: Double) {
        var state = AlertState()
        let threshold = comparison == .greater || comparison == .greaterOrEqual ? 90.0 : 10.0
        let breach = comparison == .greater || comparison == .greaterOrEqual ? 95.0 : 5.0
        let rule = Self.rule(comparison, threshold: threshold, forSeconds: 0)
        let events = Self.run(rule, [(0, breach), (5, clearing)], state: &state)
        #expect(events.map(\.0) == [0, 5])
        #expect(state.phase == .ok)
    }

    @Test func firesOnlyAfterForSecondsAndResolvesWhenClear() {
        var state = AlertState()
        let events = Self.run(Self.rule(), [(0, 95), (30, 96), (59, 97), (60, 98), (65, 99), (70, 50)], state: &state)
        #expect(events.map(\.0) == [60, 70])
        #expect(events.first?.1 == .fired(value: 98))
        #expect(events.last?.1 == .resolved(value: 50, reason: "condition cleared"))
        #expect(state.phase == .ok)
    }

    @Test func aBlipShorterThanForSecondsNeverFires() {
        var state = AlertState()
        let events = Self.run(Self.rule(), [(0, 95), (30, 80), (60, 95), (100, 80)], state: &state)
        #expect(events.isEmpty)
    }

    @Test func hysteresisKeepsItFiringBetweenTheThresholds() {
        var state = AlertState()
        let events = Self.run(
            Self.rule(resolve: 80, forSeconds: 0),
            [(0, 95), (5, 85), (10, 81), (15, 80), (20, 79)],
            state: &state
        )
        #expect(events.map(\.0) == [0, 20])  // 85, 81 and 80 are not below 80
    }

    @Test func lessThanRulesResolveUpwards() {
        var state = AlertState()
        let events = Self.run(
            Self.rule(.less, threshold: 10, resolve: 20, forSeconds: 0),
            [(0, 5), (5, 15), (10, 21)],
            state: &state
        )
        #expect(events.map(\.1) == [.fired(value: 5), .resolved(value: 21, reason: "condition cleared")])
    }

    @Test func ongoingNotificationsFollowTheRenotifyInterval() {
        var state = AlertState()
        let events = Self.run(
            Self.rule(forSeconds: 0, renotify: 60),
            [(0, 95), (30, 95), (60, 96), (90, 97), (120, 98)],
            state: &state
        )
        #expect(events.map(\.0) == [0, 60, 120])
        #expect(events[1].1 == .ongoing(value: 96))
    }

    @Test func dismissSilencesUntilTheConditionClearsOnce() {
        var state = AlertState()
        _ = Self.run(Self.rule(forSeconds: 0), [(0, 95)], state: &state)
        #expect(AlertStateMachine.dismiss(&state, now: 1000) == .dismissed(value: 95))
        // Still above the threshold: no new alert five seconds later (the predecessor re-fired here).
        #expect(Self.run(Self.rule(forSeconds: 0), [(5, 95), (10, 99)], state: &state).isEmpty)
        #expect(state.phase == .silenced)
        // Cleared once, then breached again: a new alert.
        let again = Self.run(Self.rule(forSeconds: 0), [(15, 50), (20, 95)], state: &state)
        #expect(again.map(\.1) == [.fired(value: 95)])
        var quiet = AlertState()
        #expect(AlertStateMachine.dismiss(&quiet, now: 0) == nil)  // nothing to dismiss
    }

    @Test func stoppingAFiringRuleResolvesItWithTheReason() {
        var firing = AlertState()
        _ = Self.run(Self.rule(forSeconds: 0), [(0, 95)], state: &firing)
        #expect(
            AlertStateMachine.stop(&firing, reason: "rule disabled", now: 5000)
                == .resolved(value: 95, reason: "rule disabled")
        )
        #expect(firing.phase == .ok)
        var pending = AlertState()
        _ = Self.run(Self.rule(), [(0, 95)], state: &pending)
        #expect(AlertStateMachine.stop(&pending, reason: "rule deleted", now: 5000) == nil)
        #expect(pending.phase == .ok)
    }

    @Test func unknownValuesChangeNothing() {
        var state = AlertState()
        _ = Self.run(Self.rule(forSeconds: 0), [(0, 95)], state: &state)
        let before = state
        #expect(Self.run(Self.rule(forSeconds: 0), [(5, nil), (10, .nan)], state: &state).isEmpty)
        #expect(state == before)
    }

    @Test func twoRulesOnOneMetricKeepTheirOwnState() {
        let warning = AlertRule(
            id: "w",
            name: "warn",
            target: .node("alpha"),
            metric: "node.memory.percent",
            comparison: .greater,
            threshold: 70,
            forSeconds: 0
        )
        let critical = AlertRule(
            id: "c",
            name: "crit",
            target: .node("alpha"),
            metric: "node.memory.percent",
            comparison: .greater,
            threshold: 90,
            forSeconds: 0
        )
        var warningState = AlertState()
        var criticalState = AlertState()
        let values: [(Int64, Double?)] = [(0, 75), (5, 95), (10, 75)]
        let warnings = Self.run(warning, values, state: &warningState)
        let criticals = Self.run(critical, values, state: &criticalState)
        #expect(warnings.map(\.0) == [0])
        #expect(criticals.map(\.0) == [5, 10])
        #expect(warningState.phase == .firing && criticalState.phase == .ok)
    }

    @Test func aSilentNodeFiresNoData() {
        let noData = AlertRule(
            id: "n",
            name: "gone",
            target: .node("*"),
            metric: "node.nodata",
            comparison: .greater,
            threshold: 10,
            forSeconds: 0
        )
        var state = AlertState()
        // node.nodata is the age of the last snapshot in seconds.
        let events = Self.run(noData, [(0, 1), (10, 6), (20, 16), (30, 2)], state: &state)
        #expect(events.map(\.1) == [.fired(value: 16), .resolved(value: 2, reason: "condition cleared")])
    }
}
