/// Where one (rule, target) pair stands.
public enum AlertPhase: String, Sendable, Codable {
    /// The condition does not hold.
    case ok
    /// The condition holds, not yet for `for_seconds`.
    case pending
    /// The alert is firing.
    case firing
    /// Dismissed while firing: quiet until the condition has cleared once.
    case silenced
}

/// The persisted state of one (rule, target) pair. Times are milliseconds since the epoch, injected by the
/// caller (tests use a fake clock).
public struct AlertState: Sendable, Codable, Hashable {
    public var phase: AlertPhase = .ok
    /// When the current phase began.
    public var sinceMilliseconds: Int64?
    /// The last value seen.
    public var value: Double?
    /// When a notification was last scheduled for this alert.
    public var lastNotifiedMilliseconds: Int64?

    public init() {}
}

/// What a step produced, to be written (with the new state) before anything is sent.
public enum AlertTransition: Sendable, Hashable {
    case fired(value: Double)
    case resolved(value: Double?, reason: String)
    case ongoing(value: Double)
    case dismissed(value: Double?)
}

/// The alert state machine: ok → pending → firing → resolved (ok), with hysteresis, `for_seconds`,
/// re-notification, and dismiss = acknowledge (silenced until the condition clears once).
///
/// Pure: no clock, no I/O. State is keyed by (rule id, target) by the caller — never by metric — so two rules
/// on one metric never share a state.
public enum AlertStateMachine: Sendable {
    /// One evaluation with the current value; nil (unknown: a first sample, a missing field) changes nothing.
    public static func step(
        _ state: inout AlertState,
        rule: AlertRule,
        value: Double?,
        now: Int64
    ) -> AlertTransition? {
        guard let value, value.isFinite else { return nil }
        state.value = value
        let breach = rule.comparison.breaches(value, rule.threshold)
        // Without a resolve threshold an alert clears as soon as the condition no longer holds (`> 0` clears at
        // 0); with one, only once the value is strictly past it (hysteresis).
        let cleared = rule.resolveThreshold.map { rule.comparison.clears(value, resolveAt: $0) } ?? !breach
        switch state.phase {
        case .ok:
            guard breach else { return nil }
            if rule.forSeconds == 0 { return Self.fire(&state, value, now) }
            state.phase = .pending
            state.sinceMilliseconds = now
            return nil
        case .pending:
            guard breach else {
                Self.reset(&state, now)
                return nil
            }
            let since = state.sinceMilliseconds ?? now
            guard now - since >= Int64(rule.forSeconds) * 1000 else { return nil }
            return Self.fire(&state, value, now)
        case .firing:
            if cleared {
                Self.reset(&state, now)
                return .resolved(value: value, reason: "condition cleared")
            }
            guard rule.renotifySeconds > 0, let last = state.lastNotifiedMilliseconds,
                now - last >= Int64(rule.renotifySeconds) * 1000
            else { return nil }
            state.lastNotifiedMilliseconds = now
            return .ongoing(value: value)
        case .silenced:
            if cleared { Self.reset(&state, now) }
            return nil
        }
    }

    /// Dismiss (acknowledge) a firing alert: it resolves, and stays quiet until the condition clears once.
    public static func dismiss(_ state: inout AlertState, now: Int64) -> AlertTransition? {
        guard state.phase == .firing else { return nil }
        state.phase = .silenced
        state.sinceMilliseconds = now
        return .dismissed(value: state.value)
    }

    /// The rule was disabled, edited or deleted, or its target is gone: a firing alert resolves with the
    /// reason; anything else returns to ok silently.
    public static func stop(_ state: inout AlertState, reason: String, now: Int64) -> AlertTransition? {
        let wasFiring = state.phase == .firing
        Self.reset(&state, now)
        return wasFiring ? .resolved(value: state.value, reason: reason) : nil
    }

    private static func fire(_ state: inout AlertState, _ value: Double, _ now: Int64) -> AlertTransition {
        state.phase = .firing
        state.sinceMilliseconds = now
        state.lastNotifiedMilliseconds = now
        return .fired(value: value)
    }

    private static func reset(_ state: inout AlertState, _ now: Int64) {
        state.phase = .ok
        state.sinceMilliseconds = now
        state.lastNotifiedMilliseconds = nil
    }
}
