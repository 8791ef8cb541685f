public import Foundation

/// A rule as the API and the forms send it: every field optional, so that the same value serves a create
/// (missing required fields are named) and a partial update (`PATCH {"enabled":false}` changes one field).
public struct RuleDraft: Sendable, Hashable {
    public var name: String?
    public var target: AlertTarget?
    public var metric: String?
    public var comparison: AlertOperator?
    public var threshold: Double?
    /// Absent (nil) leaves it as it is; `.some(nil)` (JSON null) clears it.
    public var resolveThreshold: Double??
    public var forSeconds: Int?
    public var severity: AlertSeverity?
    public var enabled: Bool?
    public var channels: [String]?
    public var renotifySeconds: Int?
    public var discordMentions: [String]?
    public var profileOnFireSeconds: Int?
    public var groupBy: AlertGrouping?

    public init() {}

    /// A bad request, with a message naming the field.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { self.message }
    }

    /// A new rule: name, target, metric, operator and threshold are required; the rest default.
    /// `defaultChannels` are the channels configured on the server (used when `channels` is absent).
    public func makeRule(id: String, defaultChannels: [String]) throws(Invalid) -> AlertRule {
        var missing: [String] = []
        if self.name == nil { missing.append("name") }
        if self.target == nil { missing.append("target") }
        if self.metric == nil { missing.append("metric") }
        if self.comparison == nil { missing.append("operator") }
        if self.threshold == nil { missing.append("threshold") }
        guard missing.isEmpty, let name = self.name, let target = self.target, let metric = self.metric,
            let comparison = self.comparison, let threshold = self.threshold
        else {
            throw Invalid("missing required field\(missing.count == 1 ? "" : "s"): \(missing.joined(separator: ", "))")
        }
        var rule = AlertRule(
            id: id,
            name: name,
            target: target,
            metric: metric,
            comparison: comparison,
            threshold: threshold,
            channels: defaultChannels
        )
        self.apply(to: &rule)
        return try Self.validated(rule)
    }

    /// `rule` with the fields present in the draft changed, validated.
    public func updating(_ rule: AlertRule) throws(Invalid) -> AlertRule {
        var rule = rule
        self.apply(to: &rule)
        return try Self.validated(rule)
    }

    private func apply(to rule: inout AlertRule) {
        if let name { rule.name = name }
        if let target { rule.target = target }
        if let metric { rule.metric = metric }
        if let comparison { rule.comparison = comparison }
        if let threshold { rule.threshold = threshold }
        if let resolveThreshold { rule.resolveThreshold = resolveThreshold }
        if let forSeconds { rule.forSeconds = forSeconds }
        if let severity { rule.severity = severity }
        if let enabled { rule.enabled = enabled }
        if let channels { rule.channels = channels }
        if let renotifySeconds { rule.renotifySeconds = renotifySeconds }
        if let discordMentions { rule.discordMentions = discordMentions }
        if let profileOnFireSeconds { rule.profileOnFireSeconds = profileOnFireSeconds }
        if let groupBy { rule.groupBy = groupBy }
    }

    private static func validated(_ rule: AlertRule) throws(Invalid) -> AlertRule {
        let problems = rule.problems
        guard problems.isEmpty else { throw Invalid(problems.joined(separator: "; ")) }
        return rule
    }
}

extension RuleDraft: Decodable {
    typealias Keys = AlertRule.CodingKeys

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        for key in container.allKeys where key != .resolveThreshold && key != .id {
            if try container.decodeNil(forKey: key) {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must not be null")
            }
        }
        func whole(_ key: Keys) throws -> Int? {
            guard let value = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
            guard value == value.rounded(), abs(value) <= 1e9 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: container,
                    debugDescription: "expected a whole number of seconds"
                )
            }
            return Int(value)
        }
        self.name = try container.decodeIfPresent(String.self, forKey: .name)
        self.target = try container.decodeIfPresent(AlertTarget.self, forKey: .target)
        self.metric = try container.decodeIfPresent(String.self, forKey: .metric)
        if let text = try container.decodeIfPresent(String.self, forKey: .comparison) {
            guard let comparison = AlertOperator(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .comparison,
                    in: container,
                    debugDescription: "'\(text.prefix(10))' is not one of >, >=, <, <="
                )
            }
            self.comparison = comparison
        }
        self.threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
        if container.contains(.resolveThreshold) {
            self.resolveThreshold = .some(try container.decodeIfPresent(Double.self, forKey: .resolveThreshold))
        }
        self.forSeconds = try whole(.forSeconds)
        if let text = try container.decodeIfPresent(String.self, forKey: .severity) {
            guard let severity = AlertSeverity(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .severity,
                    in: container,
                    debugDescription: "'\(text.prefix(20))' is not one of info, warning, critical"
                )
            }
            self.severity = severity
        }
        self.enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
        self.channels = try container.decodeIfPresent([String].self, forKey: .channels)
        self.renotifySeconds = try whole(.renotifySeconds)
        self.discordMentions = try container.decodeIfPresent([String].self, forKey: .discordMentions)
        self.profileOnFireSeconds = try whole(.profileOnFireSeconds)
        if let text = try container.decodeIfPresent(String.self, forKey: .groupBy) {
            guard let grouping = AlertGrouping(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .groupBy,
                    in: container,
                    debugDescription: "'\(text.prefix(20))' is not one of node, namespace, workload"
                )
            }
            self.groupBy = grouping
        }
    }

    /// Decodes a JSON body. Unknown fields are refused (a misspelt `for_second` must not be silently ignored);
    /// every error names the field.
    public static func decode(json: Data) throws(Invalid) -> RuleDraft {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw Invalid("body is not valid JSON")
        }
        guard let fields = object as? [String: Any] else { throw Invalid("body must be a JSON object") }
        let known = Set([
            "id", "name", "target", "metric", "operator", "threshold", "resolve_threshold", "for_seconds",
            "severity", "enabled", "channels", "renotify_seconds", "discord_mentions", "profile_on_fire_seconds",
            "group_by",
        ])
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw Invalid("unknown field '\(unknown.prefix(40))'")
        }
        if let target = fields["target"] as? [String: Any],
            let unknown = target.keys.sorted().first(where: {
                ![
                    "kind", "node", "namespace", "pod_prefix", "container", "workload_kind", "workload", "selector",
                ].contains($0)
            })
        {
            throw Invalid("unknown field 'target.\(unknown.prefix(40))'")
        }
        do {
            return try JSONDecoder().decode(RuleDraft.self, from: json)
        } catch let error as DecodingError {
            throw Invalid(Self.message(error))
        } catch {
            throw Invalid("body could not be read: \(error)")
        }
    }

    /// `field 'target.node': expected a string`.
    static func message(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))': expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))': expected \(Self.describe(type)), got null"
        case .keyNotFound(let key, let context):
            return "field '\(path(context.codingPath + [key]))' is required"
        case .dataCorrupted(let context):
            return "field '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "body could not be read"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type: "a number"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [String].Type: "a list of strings"
        default: "a value of another type"
        }
    }
}
