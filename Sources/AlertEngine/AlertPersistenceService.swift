public import AlertStore
import Alerting
public import Logging
import Postgres
public import ServiceLifecycle
import Telemetry

/// Brings the database's alert state in at start (migrations first), then writes the alert journal in batches.
///
/// While the database is down the journal simply grows (it is in memory and nothing is dropped), the failure is
/// logged once and shown on every page, and the batch is retried every second; on graceful shutdown the
/// journal is flushed one last time.
public struct AlertPersistenceService: Service, CustomStringConvertible {
    package let center: AlertCenter
    package let store: AlertDatabase
    package let logger: Logger
    package let batchSize = 500

    public init(center: AlertCenter, store: AlertDatabase, logger: Logger) {
        self.center = center
        self.store = store
        self.logger = logger
    }

    public var description: String { "AlertPersistenceService" }

    public func run() async throws {
        var failing = false
        while !self.center.isLoaded && !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let applied = try await self.store.migrate()
                let seeded = try await self.store.seedDefaultRules(
                    self.center.defaultRules,
                    now: WallClock.milliseconds()
                )
                if seeded { self.logger.notice("A fresh database: the default alert rules were created") }
                let contents = try await self.store.load()
                self.center.load(contents, now: WallClock.milliseconds())
                self.center.databaseHealthy()
                self.logger.info(
                    "Alert state loaded",
                    metadata: [
                        "migrations.applied": "\(applied)", "rules": "\(contents.rules.count)",
                        "alerts.firing": "\(contents.firingAlerts.count)",
                        "notifications.open": "\(contents.openNotifications.count)",
                    ]
                )
            } catch {
                self.center.databaseFailed("\(error)", now: WallClock.milliseconds())
                if !failing {
                    self.logger.error("Cannot load alert rules; retrying every second", metadata: ["error": "\(error)"])
                }
                failing = true
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
        var lastPing = ContinuousClock.now
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if await self.flush(reportingFailure: &failing) == 0,
                ContinuousClock.now - lastPing > (failing ? .seconds(2) : .seconds(10))
            {
                lastPing = .now
                await self.ping(&failing)
            }
            let pause: Duration = failing ? .seconds(1) : .milliseconds(200)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
        // Shutting down: one last flush, so that a clean restart resumes exactly where this run stopped.
        _ = await self.flush(reportingFailure: &failing)
        let left = self.center.journalHead(limit: .max).count
        if left > 0 {
            self.logger.error(
                "Shutting down with alert changes the database did not take",
                metadata: ["journal.entries": "\(left)"]
            )
        }
    }

    /// Writes the journal; returns how many entries were written.
    package func flush(reportingFailure failing: inout Bool) async -> Int {
        var written = 0
        while true {
            let batch = self.center.journalHead(limit: self.batchSize)
            guard !batch.isEmpty else { break }
            do {
                try await self.store.write(batch, term: self.center.journalTerm)
            } catch let lost as LeadershipLost {
                self.leadershipLost(lost)
                return written
            } catch let error as PostgresError where error.isDataException {
                // One entry's data (a NUL in a name, say) fails the whole batch: write it one by one and set
                // aside only what PostgreSQL refuses, instead of retrying the same batch for ever.
                guard let count = await self.writeOneByOne(batch.count, reportingFailure: &failing) else {
                    return written
                }
                written += count
                continue
            } catch {
                self.center.databaseFailed("\(error)", now: WallClock.milliseconds())
                if !failing {
                    self.logger.error(
                        "Cannot write alert changes; keeping them and retrying",
                        metadata: [
                            "error": "\(error)", "journal.entries": "\(self.center.journalHead(limit: .max).count)",
                        ]
                    )
                }
                failing = true
                return written
            }
            self.center.journalWritten(batch.count)
            written += batch.count
        }
        if failing && written > 0 {
            self.logger.notice("Database is back; queued alert changes written", metadata: ["entries": "\(written)"])
        }
        if written > 0 { failing = false }
        return written
    }

    /// Writes the journal's first `count` entries one at a time; an entry refused for its data is set aside
    /// and logged. Returns how many were written or set aside, or nil when the database failed otherwise.
    private func writeOneByOne(_ count: Int, reportingFailure failing: inout Bool) async -> Int? {
        var done = 0
        for _ in 0..<count {
            guard let entry = self.center.journalHead(limit: 1).first else { break }
            do {
                try await self.store.write([entry], term: self.center.journalTerm)
                self.center.journalWritten(1)
            } catch let lost as LeadershipLost {
                self.leadershipLost(lost)
                return nil
            } catch let error as PostgresError where error.isDataException {
                self.logger.error(
                    "PostgreSQL refused an alert change for its data; set aside (shown on /alerts), later changes go on",
                    metadata: ["error": "\(error)"]
                )
                self.center.setAsideHead(error: "\(error)", now: WallClock.milliseconds())
            } catch {
                self.center.databaseFailed("\(error)", now: WallClock.milliseconds())
                failing = true
                return nil
            }
            done += 1
        }
        return done
    }

    /// Another replica claimed the lead since this one's term began: what this one journaled since is not
    /// written (the new leader resumed from the database and decides afresh); this replica follows.
    private func leadershipLost(_ lost: LeadershipLost) {
        let dropped = self.center.journalHead(limit: .max).count
        self.center.follow(nil)
        self.logger.warning(
            "Another replica leads alerting; this replica's unwritten alert changes are dropped",
            metadata: ["error": "\(lost)", "journal.entries": "\(dropped)"]
        )
    }

    private func ping(_ failing: inout Bool) async {
        do {
            _ = try await self.store.connection.run { session in try session.query("SELECT 1") }
            if failing { self.logger.notice("Database is back") }
            failing = false
            self.center.databaseHealthy()
        } catch {
            self.center.databaseFailed("\(error)", now: WallClock.milliseconds())
            if !failing { self.logger.error("Database unavailable", metadata: ["error": "\(error)"]) }
            failing = true
        }
    }
}
