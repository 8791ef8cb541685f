/// What the node store needs to know: when a node is stale, when it is forgotten, and how many points each
/// history series keeps. The server derives it from its own configuration.
public struct NodeStoreConfiguration: Sendable, Hashable {
    /// Past this without a snapshot a node is shown as stale ("no data since …").
    public var ttl: Duration
    /// Past this a stale node is removed.
    public var staleGrace: Duration
    /// Points per history series.
    public var historyCapacity: Int

    public init(ttl: Duration = .seconds(10), staleGrace: Duration = .seconds(600), historyCapacity: Int = 720) {
        self.ttl = ttl
        self.staleGrace = staleGrace
        self.historyCapacity = max(2, historyCapacity)
    }
}
