/// Node names as agents present them. Kubernetes node names are DNS subdomains, but the server only
/// insists on what it needs: 1–253 bytes of printable text (everything is escaped where it is shown).
enum NodeName {
    static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        return name.unicodeScalars.allSatisfy { !$0.properties.generalCategory.isControl }
    }
}

extension Unicode.GeneralCategory {
    fileprivate var isControl: Bool {
        switch self {
        case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate: true
        default: false
        }
    }
}
