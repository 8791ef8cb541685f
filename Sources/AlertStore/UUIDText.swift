/// Alert ids are UUIDs in PostgreSQL: a lookup by anything else would be a cast error, not "not found".
enum UUIDText {
    /// `8-4-4-4-12` hex digits.
    static func isValid(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}
