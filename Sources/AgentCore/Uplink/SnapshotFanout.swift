import Synchronization
public import Telemetry

/// Hands each snapshot to every server replica's mailbox: the sampler samples once, and each replica's
/// connection takes the newest snapshot at its own pace (a slow or absent replica delays no other).
public final class SnapshotFanout: Sendable {
    private struct State {
        var latest: Snapshot?
        var mailboxes: [String: SnapshotMailbox] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Offers a snapshot to every replica; true when some replica had not taken the previous one (never sent to it).
    @discardableResult
    public func put(_ snapshot: Snapshot) -> Bool {
        let mailboxes = self.state.withLock { state in
            state.latest = snapshot
            return Array(state.mailboxes.values)
        }
        var replaced = false
        for mailbox in mailboxes where mailbox.put(snapshot) { replaced = true }
        return replaced
    }

    /// The newest snapshot (what a profile request looks its pod up in).
    public var latest: Snapshot? { self.state.withLock { $0.latest } }

    /// The mailbox of the replica `key`, created (starting from the newest snapshot) on first use.
    public func mailbox(for key: String) -> SnapshotMailbox {
        self.state.withLock { state in
            if let mailbox = state.mailboxes[key] { return mailbox }
            let mailbox = SnapshotMailbox()
            mailbox.seed(state.latest)
            state.mailboxes[key] = mailbox
            return mailbox
        }
    }

    /// A replica that went away: its snapshots are no longer kept.
    public func remove(_ key: String) {
        _ = self.state.withLock { $0.mailboxes.removeValue(forKey: key) }
    }

    /// Replicas with a mailbox now.
    public var replicas: [String] { self.state.withLock { $0.mailboxes.keys.sorted() } }
}
