import Synchronization
package import Telemetry

/// A snapshot's pod rows, built the first time anyone reads them and then kept for every reader of that
/// snapshot. Ingest only creates this box: building the rows costs about half as much as the rates, and only the
/// cluster pages read them (every 2 s at most), so a snapshot nobody looks at before the next one never pays.
package final class LazyPodRows: Sendable {
    private let node: String
    private let snapshot: Snapshot
    private let rates: SnapshotRates?
    private let built: Mutex<[PodRow]?>

    package init(node: String, snapshot: Snapshot, rates: SnapshotRates?, rows: [PodRow]? = nil) {
        self.node = node
        self.snapshot = snapshot
        self.rates = rates
        self.built = Mutex(rows)
    }

    package var rows: [PodRow] {
        if let rows = self.built.withLock({ $0 }) { return rows }
        // Built outside the lock: two first readers may both build (the same rows); neither waits on the other.
        let rows = PodRow.rows(node: self.node, snapshot: self.snapshot, rates: self.rates)
        self.built.withLock { $0 = rows }
        return rows
    }
}
