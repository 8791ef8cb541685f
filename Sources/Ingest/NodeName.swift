import Telemetry

/// Node names as agents present them. Kubernetes node names are DNS subdomains, but the server only
/// insists on what it needs: 1–253 bytes of printable text (everything is escaped where it is shown).
package enum NodeName {
    package static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        return Self.isPrintable(name)
    }

    /// No control, format or separator characters (the rule ingest holds every name in a snapshot to).
    package static func isPrintable(_ text: String) -> Bool {
        SnapshotLimits.isPrintable(text)
    }
}
