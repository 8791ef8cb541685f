import Synchronization
public import Telemetry

/// The latest snapshot of every node with its derived rates and history.
///
/// A node past the TTL stays, marked stale ("no data since …"), until `staleGrace` has passed. Readers get
/// copies (arrays inside are shared copy-on-write), so a page renders one consistent state.
public final class LiveCache: Sendable {
    private let configuration: NodeStoreConfiguration
    private let nodes = Mutex<[String: Entry]>([:])
    private let observer = Mutex<LiveCacheObserver?>(nil)

    package struct Entry: Sendable {
        var snapshot: Snapshot
        var rates: SnapshotRates?
        var counts: NodeCounts
        var receivedAt: ContinuousClock.Instant
        var receivedWallMilliseconds: Int64
        var history: NodeHistory
        var connected: Bool
        var pods: LazyPodRows
    }

    public init(configuration: NodeStoreConfiguration) {
        self.configuration = configuration
    }

    /// Stores a snapshot received from `node` (the name the session said Hello as, never the payload's).
    public func ingest(
        node: String,
        snapshot: Snapshot,
        now: ContinuousClock.Instant = .now,
        wallMilliseconds: Int64
    ) {
        var snapshot = snapshot
        snapshot.node = node
        let capacity = self.configuration.historyCapacity
        // Rates for ~1,000 processes take a moment: computed outside the lock the web pages read under.
        // One session per node ingests in order, so the previous snapshot cannot change meanwhile.
        let previous = self.nodes.withLock { $0[node]?.snapshot }
        let rates = previous.map { SnapshotRates(previous: $0, current: snapshot) }
        let counts = NodeCounts(snapshot)
        let pods = LazyPodRows(node: node, snapshot: snapshot, rates: rates)
        self.nodes.withLock { nodes in
            // Taken out and put back so that the history's arrays are uniquely referenced and append in place
            // (a copy left in the dictionary made every series copy itself on every snapshot).
            var entry =
                nodes.removeValue(forKey: node)
                ?? Entry(
                    snapshot: snapshot,
                    rates: nil,
                    counts: NodeCounts(snapshot),
                    receivedAt: now,
                    receivedWallMilliseconds: wallMilliseconds,
                    history: NodeHistory(capacity: capacity),
                    connected: true,
                    pods: pods
                )
            entry.rates = rates
            entry.counts = counts
            entry.snapshot = snapshot
            entry.receivedAt = now
            entry.receivedWallMilliseconds = wallMilliseconds
            entry.connected = true
            entry.pods = pods
            entry.history.append(snapshot, rates)
            entry.history.appendWorkloads(snapshot, rates)
            nodes[node] = entry
        }
        // Recordings take every snapshot as it lands; `wants` keeps this to a flag check while none runs.
        if let observer = self.observer.withLock({ $0 }), observer.wants(node), let state = self.node(node, now: now) {
            observer.deliver(state)
        }
    }

    /// Who is handed each node's state right after a snapshot lands (one observer: the recordings). `deliver`
    /// runs on the ingest path and must only hand the value on.
    public func observe(_ observer: LiveCacheObserver) {
        self.observer.withLock { $0 = observer }
    }

    /// Nodes held, stale ones included (the node cap counts these).
    public var count: Int { self.nodes.withLock { $0.count } }

    /// Marks a node's agent as disconnected (its data ages out through the TTL as usual).
    public func disconnected(node: String) {
        self.nodes.withLock { $0[node]?.connected = false }
    }

    /// Every node, sorted by name, stale ones included until their grace period ends (then removed).
    public func all(now: ContinuousClock.Instant = .now) -> [NodeState] {
        // Only the copy under the lock: ingest waits for it, and the states and their sort by name (a
        // millisecond at 1,000 nodes) are built outside.
        let entries = self.nodes.withLock { nodes in
            // Rebuilding the dictionary on every page view cost more than the page with a thousand nodes:
            // only when something has actually expired.
            if nodes.values.contains(where: { now - $0.receivedAt > self.configuration.staleGrace }) {
                nodes = nodes.filter { now - $0.value.receivedAt <= self.configuration.staleGrace }
            }
            return Array(nodes)
        }
        return entries.map { self.state($0.key, $0.value, now) }.sorted { $0.name < $1.name }
    }

    /// One node, or nil when unknown (or removed after its grace period).
    public func node(_ name: String, now: ContinuousClock.Instant = .now) -> NodeState? {
        self.nodes.withLock { nodes in
            guard let entry = nodes[name], now - entry.receivedAt <= self.configuration.staleGrace else { return nil }
            return self.state(name, entry, now)
        }
    }

    private func state(_ name: String, _ entry: Entry, _ now: ContinuousClock.Instant) -> NodeState {
        NodeState(
            name: name,
            snapshot: entry.snapshot,
            rates: entry.rates,
            counts: entry.counts,
            lastSeenWallMilliseconds: entry.receivedWallMilliseconds,
            isStale: now - entry.receivedAt > self.configuration.ttl,
            isConnected: entry.connected,
            history: entry.history,
            podRows: entry.pods
        )
    }
}

/// See `LiveCache.observe`.
public struct LiveCacheObserver: Sendable {
    public var wants: @Sendable (String) -> Bool
    public var deliver: @Sendable (NodeState) -> Void

    public init(wants: @escaping @Sendable (String) -> Bool, deliver: @escaping @Sendable (NodeState) -> Void) {
        self.wants = wants
        self.deliver = deliver
    }
}

/// What the web layer reads about one node.
public struct NodeState: Sendable {
    public var name: String
    public var snapshot: Snapshot
    /// Rates against the previous snapshot; nil right after the first one.
    public var rates: SnapshotRates?
    /// Server wall time of the last snapshot (agents' clocks may be off).
    public var lastSeenWallMilliseconds: Int64
    /// Past the TTL: shown as "no data since …".
    public var isStale: Bool
    public var isConnected: Bool
    public var history: NodeHistory
    /// Pods and processes, counted at ingest.
    public var counts: NodeCounts
    /// Every pod as the cluster pages list it (``PodRow``, in no particular order), built once per snapshot when
    /// first read.
    public var pods: [PodRow] {
        get { self.podRows.rows }
        set { self.podRows = LazyPodRows(node: self.name, snapshot: self.snapshot, rates: self.rates, rows: newValue) }
    }
    private var podRows: LazyPodRows

    /// - Parameter podRows: the snapshot's pod rows as the cache keeps them; built from the snapshot when nil.
    package init(
        name: String,
        snapshot: Snapshot,
        rates: SnapshotRates?,
        counts: NodeCounts? = nil,
        lastSeenWallMilliseconds: Int64,
        isStale: Bool,
        isConnected: Bool,
        history: NodeHistory,
        podRows: LazyPodRows? = nil
    ) {
        self.name = name
        self.snapshot = snapshot
        self.rates = rates
        self.counts = counts ?? NodeCounts(snapshot)
        self.lastSeenWallMilliseconds = lastSeenWallMilliseconds
        self.isStale = isStale
        self.isConnected = isConnected
        self.history = history
        self.podRows = podRows ?? LazyPodRows(node: name, snapshot: snapshot, rates: rates)
    }
}
