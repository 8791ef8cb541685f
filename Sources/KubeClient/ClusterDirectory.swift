import Kube
import Synchronization
public import Telemetry

/// What the watches know, for the sampler to read without waiting: this node's pods by UID, its Node object,
/// and the last API error of each watch. Written by the watch tasks, read once per pass.
public final class ClusterDirectory: Sendable {
    struct State {
        var pods: [String: PodIdentity] = [:]
        /// Deleted pods stay named for a grace period: a terminating pod's processes outlive its API object.
        var deleted: [String: (identity: PodIdentity, at: ContinuousClock.Instant)] = [:]
        var node: KubeNode?
        var podsListed = false
        var errors: [String: String] = [:]
        /// LIST+WATCH loops that had to start over, by "resource/reason" (the agent's /metrics).
        var watchRestarts: [String: UInt64] = [:]
    }

    private let state = Mutex(State())
    /// How long a deleted pod keeps its name.
    let deletedGrace: Duration

    /// Pod annotations carried into the snapshot (`--pod-annotation`); others are not read.
    let annotationKeys: Set<String>

    public init(deletedGrace: Duration = .seconds(30), annotationKeys: Set<String> = []) {
        self.deletedGrace = deletedGrace
        self.annotationKeys = annotationKeys
    }

    // MARK: Written by the watches

    func replacePods(_ pods: [KubePod]) {
        self.state.withLock { state in
            let now = ContinuousClock.now
            let next = Dictionary(
                pods.map { pod in
                    let identity = PodIdentity(pod, annotationKeys: self.annotationKeys)
                    return (identity.apiUID, identity)
                },
                uniquingKeysWith: { $1 }
            )
            for (uid, identity) in state.pods where next[uid] == nil { state.deleted[uid] = (identity, now) }
            state.pods = next
            state.podsListed = true
        }
    }

    func upsertPod(_ pod: KubePod) {
        let identity = PodIdentity(pod, annotationKeys: self.annotationKeys)
        self.state.withLock { state in
            state.pods[identity.apiUID] = identity
            state.deleted[identity.apiUID] = nil
        }
    }

    func deletePod(_ pod: KubePod) {
        let identity = PodIdentity(pod, annotationKeys: self.annotationKeys)
        self.state.withLock { state in
            state.pods[identity.apiUID] = nil
            state.deleted[identity.apiUID] = (identity, ContinuousClock.now)
        }
    }

    func setNode(_ node: KubeNode?) {
        self.state.withLock { $0.node = node }
    }

    /// Records (or with nil clears) the last error of one watch (`pods`, `node`).
    public func report(_ watch: String, error: String?) {
        self.state.withLock { $0.errors[watch] = error }
    }

    // MARK: Read by the sampler

    /// The reason a recently deleted pod carries while its processes may still be running.
    public static let deletedReason = "Deleted"

    /// Every pod the API names on this node (and recently deleted ones, with reason `Deleted`), as the snapshot
    /// carries them.
    public func podMetadata() -> [PodMetadata] {
        self.state.withLock { state in
            let now = ContinuousClock.now
            state.deleted = state.deleted.filter { now - $0.value.at < self.deletedGrace }
            let deleted = state.deleted.values.map { entry in
                var metadata = entry.identity.metadata
                metadata.reason = Self.deletedReason
                return metadata
            }
            return (state.pods.values.map(\.metadata) + deleted)
                .sorted { ($0.namespace, $0.name, $0.uid) < ($1.namespace, $1.name, $1.uid) }
        }
    }

    /// The Node object's conditions, capacity and versions, with the watches' last error.
    public func nodeInfo() -> NodeInfo {
        self.state.withLock { state in
            var info = state.node.map(NodeInfo.init) ?? NodeInfo()
            info.apiError = state.errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: "; ")
            return info
        }
    }

    /// Whether the first pod LIST has completed.
    public var podsListed: Bool { self.state.withLock { $0.podsListed } }

    /// Waits until the first pod LIST has completed, or `timeout` has passed; returns whether it completed.
    public func waitForPods(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !self.podsListed {
            guard clock.now < deadline, (try? await Task.sleep(for: .milliseconds(50))) != nil else { return false }
        }
        return true
    }
}

extension ClusterDirectory {
    /// A LIST+WATCH loop started over: `reason` is `expired` (410: listed again) or `error` (backed off).
    func watchRestarted(_ resource: String, reason: String) {
        self.state.withLock { $0.watchRestarts["\(resource)/\(reason)", default: 0] += 1 }
    }

    /// Restarts so far, as (resource, reason, count), sorted.
    public var watchRestarts: [(resource: String, reason: String, count: UInt64)] {
        self.state.withLock { $0.watchRestarts }.sorted { $0.key < $1.key }.map { key, count in
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            return (parts.first ?? key, parts.count > 1 ? parts[1] : "", count)
        }
    }
}
