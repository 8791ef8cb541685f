/// A named recording: what it records, since when, until when, and how it stands (docs/api.md, Recordings).
public struct Recording: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case running
        case stopped
        /// The server stopped after the recording's end: rows end at the shutdown.
        case interrupted
        /// Stopped by the disk budget, or a write the disk refused.
        case failed
    }

    public var id: String
    public var name: String
    public var scope: RecordingScope
    public var state: State
    public var reason: String?
    public var startedMilliseconds: Int64
    /// Set by a duration.
    public var endsMilliseconds: Int64?
    public var stoppedMilliseconds: Int64?
    /// Server restarts the recording ran across, when it resumed (rows are missing from shutdown to here).
    public var resumedMilliseconds: [Int64] = []
    public var snapshots: Int = 0
    /// Snapshots that landed while the recorder was too far behind to take them (its queue full): never silent.
    public var missedSnapshots: Int = 0
    public var bytes: Int64 = 0

    enum CodingKeys: String, CodingKey {
        case id, name, scope, state, reason, snapshots, bytes
        case missedSnapshots = "missed_snapshots"
        case startedMilliseconds = "started_ms"
        case endsMilliseconds = "ends_ms"
        case stoppedMilliseconds = "stopped_ms"
        case resumedMilliseconds = "resumed_ms"
    }
}

/// Which snapshots a recording takes: an empty list is no restriction.
public struct RecordingScope: Codable, Sendable, Equatable {
    public var nodes: [String] = []
    public var namespaces: [String] = []
    /// `namespace/name`.
    public var pods: [String] = []
    public var processes: Bool = false

    public init(nodes: [String] = [], namespaces: [String] = [], pods: [String] = [], processes: Bool = false) {
        self.nodes = nodes
        self.namespaces = namespaces
        self.pods = pods
        self.processes = processes
    }

    func takes(node: String) -> Bool { self.nodes.isEmpty || self.nodes.contains(node) }

    func takes(namespace: String, pod: String) -> Bool {
        (self.namespaces.isEmpty || self.namespaces.contains(namespace))
            && (self.pods.isEmpty || self.pods.contains("\(namespace)/\(pod)"))
    }

    /// Whether node rows are wanted: not when the scope names only namespaces or pods.
    var recordsNodes: Bool { self.namespaces.isEmpty && self.pods.isEmpty }
}

/// What a recording request may not be, in words for the API's 400.
public enum RecordingError: Error, Equatable, Sendable {
    case invalid(String)
    case notFound(String)
    case budgetFull(String)
    case disabled
    case storage(String)

    public var message: String {
        switch self {
        case .invalid(let text), .notFound(let text), .budgetFull(let text), .storage(let text): text
        case .disabled: "recordings are off on this server: start it with --recordings-dir"
        }
    }
}
