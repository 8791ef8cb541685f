/// The profile an alert's rule asked for (`profile_on_fire_seconds`), as the alert keeps it: which profile,
/// how it went, and why not when it was skipped. The folded stacks themselves are stored beside the alert
/// (PostgreSQL's `alert_profiles`, or the server's memory without a database).
public struct AlertProfile: Sendable, Codable, Hashable {
    public enum State: String, Sendable, Codable {
        /// Requested from the pod's agent, not yet finished.
        case running
        case done
        case failed
        /// Not started: the pod already had one running, the node ran its maximum, no agent, ….
        case skipped
    }

    /// The profile's id (empty when skipped).
    public var id: String
    public var state: State
    public var durationSeconds: Int
    /// Why it failed or was skipped.
    public var reason: String?
    public var samples: UInt64

    public init(id: String, state: State, durationSeconds: Int, reason: String? = nil, samples: UInt64 = 0) {
        self.id = id
        self.state = state
        self.durationSeconds = durationSeconds
        self.reason = reason.map { String($0.prefix(1000)) }
        self.samples = samples
    }

    enum CodingKeys: String, CodingKey {
        case id, state, reason, samples
        case durationSeconds = "duration_seconds"
    }
}
