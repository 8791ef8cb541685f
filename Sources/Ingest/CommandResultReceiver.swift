public import Wire

/// Where an agent's answers to commands go (profiles, today). Ingest only delivers them: it knows nothing of
/// what was asked, so the service that asked depends on ingest and never the other way round.
public protocol CommandResultReceiver: Sendable {
    /// One chunk of a result from `node`; `final` marks the last.
    func receive(node: String, _ result: Podwatch_V1_CommandResult, final: Bool, now: Int64)
}
