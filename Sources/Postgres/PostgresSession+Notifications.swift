internal import CLibPQ

/// A `NOTIFY` received on a connection that `LISTEN`s.
public struct PostgresNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String
    /// The backend process that sent it.
    public var senderPID: Int32
}

extension PostgresSession {
    /// The notifications that arrived on this connection since the last call, oldest first. Reads what the
    /// socket holds without waiting (a statement run just before has already read everything sent before it).
    public func notifications() -> [PostgresNotification] {
        _ = PQconsumeInput(self.handle)
        var received: [PostgresNotification] = []
        while let notify = PQnotifies(self.handle) {
            received.append(
                PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: notify.pointee.extra.map { String(cString: $0) } ?? "",
                    senderPID: notify.pointee.be_pid
                )
            )
            PQfreemem(notify)
        }
        return received
    }

    /// This session's backend process ID: it changes when the connection was re-established, which ends every
    /// session-level lock the old one held.
    public var backendPID: Int32 { PQbackendPID(self.handle) }
}
