public import Telemetry

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What `podwatch-agent --once --json` prints: the snapshot, and with two samples the derived rates.
public struct SnapshotReport: Sendable, Codable {
    public var snapshot: Snapshot
    /// Present when two samples were taken (`--once --interval 1s`).
    public var rates: SnapshotRates?

    public init(snapshot: Snapshot, rates: SnapshotRates? = nil) {
        self.snapshot = snapshot
        self.rates = rates
    }

    /// Pretty-printed JSON with sorted keys, so that two reports diff cleanly.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Inf",
            negativeInfinity: "-Inf",
            nan: "NaN"
        )
        return try encoder.encode(self)
    }
}
