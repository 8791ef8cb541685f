public import AlertStore
import Alerting
public import Logging
import Postgres
public import ServiceLifecycle
import Telemetry

/// Decides which replica evaluates and delivers: the one holding ``LeaderLock``.
///
/// Every beat (default 500 ms) it tries the lock unless it holds it, reads who leads and the notifications of
/// rule edits and forwarded actions. Taking the lock, a replica claims a new term, reloads everything from the
/// database (pending pairs with their start, firing alerts, undelivered notifications) and leads. A replica that
/// finds the lock held by another follows: evaluates nothing and refreshes its view every `viewInterval`.
///
/// A leader that cannot reach the database keeps leading (as Prometheus HA pairs keep alerting): nothing else can
/// take the lock from a database it cannot reach either, unless only this leader is cut off — then both may
/// notify until PostgreSQL's keepalives end its session (~11 s); its journal writes of that time are refused
/// (``LeadershipLost``). Back in touch, it carries on if its term still stands, and follows otherwise.
public struct LeaderElectionService: Service, CustomStringConvertible {
    package let center: AlertCenter
    package let store: AlertDatabase
    package let lock: LeaderLock
    package let beatInterval: Duration
    package let viewInterval: Duration
    package let logger: Logger

    public init(
        center: AlertCenter,
        store: AlertDatabase,
        lock: LeaderLock,
        beatInterval: Duration = .milliseconds(500),
        viewInterval: Duration = .seconds(2),
        logger: Logger
    ) {
        self.center = center
        self.store = store
        self.lock = lock
        self.beatInterval = beatInterval
        self.viewInterval = viewInterval
        self.logger = logger
    }

    public var description: String { "LeaderElectionService" }

    /// What the loop remembers between beats.
    package struct Session {
        /// The backend PID of the session holding the lock, while this replica holds it.
        var heldBy: Int32?
        /// The backend PID of the session that `LISTEN`s.
        var listeningOn: Int32?
        var failing = false
        var lastView = ContinuousClock.now - .seconds(3600)
        var lastActions = ContinuousClock.now

        package init() {}
    }

    public func run() async throws {
        while !self.center.isLoaded && !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(100)) }
        }
        var session = Session()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await self.beat(&session)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.beatInterval) }
        }
        if self.center.leadership.role == .leader {
            self.logger.notice("Stopping: letting the alerting lead go")
        }
        await self.lock.release()
    }

    /// One beat (tests drive it directly).
    package func beat(_ session: inout Session) async {
        let now = WallClock.milliseconds()
        let beat: LeaderLock.Beat
        do {
            beat = try await self.lock.beat(heldBy: session.heldBy, listeningOn: session.listeningOn)
        } catch {
            session.listeningOn = nil
            self.center.beat(leader: nil, error: "\(error)")
            if !session.failing {
                let leading = self.center.leadership.role == .leader
                self.logger.error(
                    leading
                        ? "Cannot reach PostgreSQL to confirm the alerting lead; still leading until it answers"
                        : "Cannot reach PostgreSQL for the alerting lead; this replica evaluates nothing meanwhile",
                    metadata: ["error": "\(error)"]
                )
            }
            session.failing = true
            return
        }
        if session.failing { self.logger.notice("PostgreSQL answers the leader lock again") }
        session.failing = false
        session.listeningOn = beat.sessionPID
        let leading = self.center.leadership
        do {
            if beat.holding {
                if leading.role == .leader, let term = leading.term, beat.leader?.term == term {
                    // Still ours (possibly re-taken on a new session after an outage in which nobody else led).
                    session.heldBy = beat.sessionPID
                    self.center.beat(leader: beat.leader, error: nil)
                    try await self.serve(beat.notifications, &session)
                } else {
                    try await self.takeOver(&session, pid: beat.sessionPID, now: now)
                }
            } else {
                session.heldBy = nil
                if self.center.follow(beat.leader) {
                    self.logger.warning(
                        "Another replica leads alerting now; this one stops evaluating",
                        metadata: ["leader": "\(beat.leader?.holder ?? "?")", "term": "\(beat.leader?.term ?? 0)"]
                    )
                }
                if !beat.notifications.isEmpty || ContinuousClock.now - session.lastView >= self.viewInterval {
                    session.lastView = .now
                    self.center.refreshView(try await self.store.load(), now: now)
                }
            }
        } catch {
            self.logger.error("Alerting lead: a database step failed; retrying", metadata: ["error": "\(error)"])
        }
    }

    /// This session holds the lock: claim a new term, reload everything, lead.
    private func takeOver(_ session: inout Session, pid: Int32, now: Int64) async throws {
        session.heldBy = pid
        let record = try await self.lock.claim(now: now)
        let contents = try await self.store.load()
        self.center.lead(record, contents: contents, now: WallClock.milliseconds())
        session.lastActions = .now
        try await self.applyActions()
        self.logger.notice(
            "This replica leads alerting",
            metadata: [
                "term": "\(record.term)", "rules": "\(contents.rules.count)",
                "pairs": "\(contents.pairs.count)", "alerts.firing": "\(contents.firingAlerts.count)",
                "notifications.open": "\(contents.openNotifications.count)",
            ]
        )
    }

    /// The leader's share of a beat: rule edits and forwarded actions (announced, and polled every 5 s in case
    /// an announcement was missed across a reconnection).
    private func serve(_ notifications: [PostgresNotification], _ session: inout Session) async throws {
        let payloads = Set(notifications.map(\.payload))
        if payloads.contains("rules") {
            if self.center.syncRules(try await self.store.rules(), now: WallClock.milliseconds()) {
                self.logger.info("Rules edited through another replica were taken up")
            }
        }
        if payloads.contains("actions") || ContinuousClock.now - session.lastActions >= .seconds(5) {
            session.lastActions = .now
            try await self.applyActions()
        }
    }

    private func applyActions() async throws {
        let actions = try await self.store.pendingActions()
        guard !actions.isEmpty else { return }
        self.center.apply(actions, now: WallClock.milliseconds())
        self.logger.info("Applied alert actions forwarded by other replicas", metadata: ["actions": "\(actions.count)"])
    }
}
