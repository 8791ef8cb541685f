import LabelSelection

/// The pod annotations the agent carries (`--pod-annotation`, repeatable, and `PODWATCH_POD_ANNOTATIONS`,
/// comma-separated): each must be a valid key (annotation keys have the syntax of label keys), spaces around
/// the commas ignored, at most ``maximum``.
public enum PodAnnotationKeys: Sendable {
    /// More would not fit the 64 annotations a pod may carry in a snapshot anyway.
    public static let maximum = 64

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func parse(flags: [String], environment: String?) throws(Invalid) -> Set<String> {
        let listed = (environment ?? "").split(separator: ",").map { String($0.filter { $0 != " " }) }
        let keys = (flags + listed).filter { !$0.isEmpty }
        for key in keys {
            if let problem = LabelSyntax.keyProblem(key) {
                throw Invalid(description: "'\(key.prefix(80))': \(problem)")
            }
        }
        let unique = Set(keys)
        guard unique.count <= Self.maximum else {
            throw Invalid(description: "at most \(Self.maximum) annotations, not \(unique.count)")
        }
        return unique
    }
}
