/// A Kubernetes label selector in its string form (`app=checkout,tier!=canary`, `env in (prod,staging)`,
/// `!legacy`): every requirement must hold. The empty selector selects everything.
///
/// Semantics follow `k8s.io/apimachinery/pkg/labels`: `!=` and `notin` also match objects without the key.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable {
        case equals = "="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = ""
        case doesNotExist = "!"
    }

    public struct Requirement: Sendable, Hashable {
        public var key: String
        public var op: Operator
        /// One value for `=`/`!=`, one or more for `in`/`notin`, none for existence; kept sorted.
        public var values: [String]

        public func matches(_ value: String?) -> Bool {
            switch self.op {
            case .equals: value == self.values.first
            case .notEquals: value != self.values.first
            case .in: value.map { self.values.contains($0) } ?? false
            case .notIn: value.map { !self.values.contains($0) } ?? true
            case .exists: value != nil
            case .doesNotExist: value == nil
            }
        }

        var text: String {
            switch self.op {
            case .equals, .notEquals: "\(self.key)\(self.op.rawValue)\(self.values.first ?? "")"
            case .in, .notIn: "\(self.key) \(self.op.rawValue) (\(self.values.joined(separator: ",")))"
            case .exists: self.key
            case .doesNotExist: "!\(self.key)"
            }
        }
    }

    /// Longest selector text accepted (a rule or a search box, not a document).
    public static let maximumBytes = 4_096
    /// Most requirements in one selector.
    public static let maximumRequirements = 32

    public private(set) var requirements: [Requirement]

    /// The selector that selects everything.
    public init() { self.requirements = [] }

    public init(requirements: [Requirement]) { self.requirements = requirements }

    public var isEmpty: Bool { self.requirements.isEmpty }

    /// Whether every requirement holds for the labels `lookup` answers (the value of a key, nil when absent).
    public func matches(_ lookup: (String) -> String?) -> Bool {
        self.requirements.allSatisfy { $0.matches(lookup($0.key)) }
    }

    public func matches(_ labels: [String: String]) -> Bool { self.matches { labels[$0] } }

    /// The canonical text: what parses back to this selector.
    public var description: String { self.requirements.map(\.text).joined(separator: ",") }

    /// The keys the selector mentions (for label columns).
    public var keys: [String] { self.requirements.map(\.key) }
}
