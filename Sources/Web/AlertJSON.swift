import Alerting
import Hummingbird

/// An alert as the API shows it (docs/api.md "Alert"): RFC 3339 times, the subject as `target`.
struct AlertJSON: Encodable, Sendable {
    var id: String
    var ruleID: String
    var ruleName: String
    var target: Target
    var metric: String
    var severity: String
    var state: String
    var value: Double?
    var threshold: Double
    var comparison: String
    var startedAt: String
    var resolvedAt: String?
    var reason: String?
    var dismissed: Bool
    /// What the subject was doing when the alert fired (docs/api.md "Alert context").
    var context: AlertContext?

    struct Target: Encodable, Sendable {
        var key: String
        var kind: String
        var node: String?
        var namespace: String?
        var pod: String?
        var container: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, target, metric, severity, state, value, threshold, reason, dismissed, context
        case ruleID = "rule_id"
        case ruleName = "rule_name"
        case comparison = "operator"
        case startedAt = "started_at"
        case resolvedAt = "resolved_at"
    }

    init(_ alert: Alert) {
        let subject = alert.subject
        func present(_ text: String) -> String? { text.isEmpty ? nil : text }
        self.id = alert.id
        self.ruleID = alert.ruleID
        self.ruleName = alert.ruleName
        self.target = Target(
            key: subject.key,
            kind: subject.kind.rawValue,
            node: present(subject.node),
            namespace: present(subject.namespace),
            pod: present(subject.pod),
            container: present(subject.container)
        )
        self.metric = alert.metric
        self.severity = alert.severity.rawValue
        self.state = alert.state.rawValue
        self.value = alert.value
        self.threshold = alert.threshold
        self.comparison = alert.comparison.rawValue
        self.startedAt = Timestamp.rfc3339(milliseconds: alert.startedMilliseconds)
        self.resolvedAt = alert.resolvedMilliseconds.map { Timestamp.rfc3339(milliseconds: $0) }
        self.reason = alert.reason
        self.dismissed = alert.dismissed
        self.context = alert.context
    }
}

/// The history query: `since`/`until` (RFC 3339; default the last 24 h), or `window=1h|24h|7d`; `limit`
/// (1–500, default 50) and `offset`.
struct HistoryWindow: Sendable {
    var since: Int64
    var until: Int64
    var limit: Int
    var offset: Int
    var window: String?

    static let windows: [(String, Int64)] = [("1h", 3_600_000), ("24h", 86_400_000), ("7d", 604_800_000)]

    init(_ query: Parameters, now: Int64) throws {
        func time(_ name: String) throws -> Int64? {
            guard let text = query.get(name), !text.isEmpty else { return nil }
            guard let value = Timestamp.parse(text) else {
                throw HTTPError(
                    .badRequest,
                    message: "\(name): '\(text.prefix(40))' is not an RFC 3339 time (e.g. 2026-11-21T10:00:00Z)"
                )
            }
            return value
        }
        func number(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let text = query.get(name), !text.isEmpty else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw HTTPError(
                    .badRequest,
                    message: "\(name): must be a whole number from \(range.lowerBound) to \(range.upperBound)"
                )
            }
            return value
        }
        self.until = try time("until") ?? now
        if let window = query.get("window"), !window.isEmpty {
            guard let span = Self.windows.first(where: { $0.0 == window })?.1 else {
                throw HTTPError(.badRequest, message: "window: '\(window.prefix(10))' is not one of 1h, 24h, 7d")
            }
            self.window = window
            self.since = self.until - span
        } else {
            self.since = try time("since") ?? self.until - 86_400_000
        }
        guard self.since < self.until else { throw HTTPError(.badRequest, message: "since: must be before until") }
        self.limit = try number("limit", 50, 1...500)
        self.offset = try number("offset", 0, 0...1_000_000)
    }
}
