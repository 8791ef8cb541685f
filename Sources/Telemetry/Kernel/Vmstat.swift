/// Every virtual-memory counter of the node, as `/proc/vmstat` prints them.
///
/// Units vary by key: `nr_*` are pages, `pg*` are events; see docs/metrics.md. Unknown keys are kept.
public struct Vmstat: Hashable, Sendable, Codable {
    /// Every key → value.
    public var values: [String: UInt64]

    public init(values: [String: UInt64] = [:]) {
        self.values = values
    }
}
