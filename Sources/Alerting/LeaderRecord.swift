/// Who leads alerting among replicas sharing a database, as its leadership row says: the term (the fencing
/// token of every journal write), the replica holding it, and since when.
public struct LeaderRecord: Sendable, Hashable {
    public var term: Int64
    public var holder: String
    public var sinceMilliseconds: Int64

    public init(term: Int64, holder: String, sinceMilliseconds: Int64) {
        self.term = term
        self.holder = holder
        self.sinceMilliseconds = sinceMilliseconds
    }
}
