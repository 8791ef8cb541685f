/// One profile request and, when done, its folded stacks. JSON (docs/api.md) leaves the stacks out; they are
/// served by `/folded`, `/json` and `/svg`.
public struct Profile: Sendable, Encodable {
    public enum State: String, Sendable, Encodable {
        /// Sent to the agent, not yet accepted.
        case queued
        case running
        case done
        case failed
    }

    /// 128 random bits as 32 hex digits: unguessable, so a profile's URL is its capability.
    public var id: String
    public var node: String
    public var namespace: String
    public var pod: String
    public var podUID: String
    public var durationSeconds: Int
    public var frequencyHz: Int
    public var state: State
    /// Why it failed (`perf is not installed on this node …`, `cancelled`, …).
    public var reason: String?
    public var createdMilliseconds: Int64
    public var finishedMilliseconds: Int64?
    public var samples: UInt64 = 0
    /// The agent cut the output at its size cap (the heaviest stacks are kept).
    public var truncated = false
    package var folded: [UInt8] = []
    /// Taken for an alert: kept past the newest ``ProfileLimits/kept`` while the server runs (up to as many
    /// again), since the alert links it.
    package var pinned = false

    package enum CodingKeys: String, CodingKey {
        case id, node, namespace, pod, state, reason, samples, truncated
        case podUID = "pod_uid"
        case durationSeconds = "duration_seconds"
        case frequencyHz = "frequency_hz"
        case createdMilliseconds = "created_ms"
        case finishedMilliseconds = "finished_ms"
    }

    /// The folded stacks as text (`frame;frame;… count` per line).
    public var foldedText: String { String(decoding: self.folded, as: UTF8.self) }

    package var isActive: Bool { self.state == .queued || self.state == .running }
}

/// Why a profile request was refused: what kind of refusal, and a sentence. The web layer maps the kind to an
/// HTTP status (`ProfileError+HTTP.swift`).
public struct ProfileError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A duration or frequency outside the limits.
        case invalid
        /// The pod already has a profile running, or its agent does not profile.
        case conflict
        /// The node runs as many profiles as it may.
        case busy
        /// The node's agent is not connected.
        case agentUnavailable
    }

    public var kind: Kind
    public var description: String

    package init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
