/// What a recording request may be: checked before anything is created.
enum RecordingValidation {
    static let maximumNameLength = 100
    static let maximumScopeEntries = 256
    static let maximumDurationSeconds = 7 * 86_400

    static func check(name: String, scope: RecordingScope, durationSeconds: Int?) throws {
        guard !name.isEmpty, name.count <= Self.maximumNameLength else {
            throw RecordingError.invalid("name: 1 to \(Self.maximumNameLength) characters")
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw RecordingError.invalid("name: no control characters")
        }
        for (field, values) in [("nodes", scope.nodes), ("namespaces", scope.namespaces), ("pods", scope.pods)] {
            guard values.count <= Self.maximumScopeEntries else {
                throw RecordingError.invalid("\(field): at most \(Self.maximumScopeEntries) entries")
            }
            guard values.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 253 }) else {
                throw RecordingError.invalid("\(field): each entry 1 to 253 bytes")
            }
        }
        guard scope.pods.allSatisfy({ $0.split(separator: "/", omittingEmptySubsequences: false).count == 2 }) else {
            throw RecordingError.invalid("pods: each as NAMESPACE/NAME")
        }
        if let durationSeconds, !(1...Self.maximumDurationSeconds).contains(durationSeconds) {
            throw RecordingError.invalid("duration_seconds: 1 to \(Self.maximumDurationSeconds)")
        }
    }

    /// A name as a file name in the archive: letters, digits, `-`, `_` and `.`; anything else becomes `_`.
    static func fileName(_ name: String) -> String {
        let safe = name.unicodeScalars.map { scalar -> Character in
            let allowed =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "-_.".unicodeScalars.contains(scalar)
            return allowed ? Character(scalar) : "_"
        }
        let text = String(safe.prefix(64))
        return text.hasPrefix(".") ? "_" + text.dropFirst() : text
    }
}
