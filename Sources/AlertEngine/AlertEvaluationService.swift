import Alerting
public import Logging
public import NodeStore
public import Profiles
public import ServerMetrics
public import ServiceLifecycle
import Synchronization
import Telemetry

/// Evaluates every enabled rule against the live cache on its own clock (default every 5 s) — never on the
/// ingest path, so a slow evaluation can delay no agent's frames.
public struct AlertEvaluationService: Service, CustomStringConvertible {
    package let center: AlertCenter
    package let cache: LiveCache
    package let interval: Duration
    package let logger: Logger
    private let restarts = Restarts()

    /// Restart totals from the previous evaluation (evaluations do not overlap; the lock makes that explicit).
    package final class Restarts: Sendable {
        let counter = Mutex(RestartCounter())
    }

    /// Each evaluation's duration, for `/metrics`.
    private let metrics: ServerMetrics?
    /// Takes the profiles rules ask for when they fire (nil: no profiling, e.g. tests of evaluation alone).
    package let profiler: AlertProfiler?

    public init(
        center: AlertCenter,
        cache: LiveCache,
        interval: Duration,
        logger: Logger,
        metrics: ServerMetrics? = nil,
        profiles: ProfileCenter? = nil
    ) {
        self.metrics = metrics
        self.profiler = profiles.map(AlertProfiler.init)
        self.center = center
        self.cache = cache
        self.interval = interval
        self.logger = logger
    }

    public var description: String { "AlertEvaluationService" }

    public func run() async throws {
        let clock = ContinuousClock()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let started = clock.now
            self.metrics?.alerting(leading: self.center.isActing)
            self.evaluateOnce()
            let took = clock.now - started
            self.metrics?.alertEvaluated(in: took)
            if took > self.interval / 2 {
                self.logger.warning("Alert evaluation is slow", metadata: ["duration": "\(took)"])
            }
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(until: started + self.interval, clock: clock)
            }
        }
    }

    /// One pass (tests call it directly).
    public func evaluateOnce() {
        // A replica that does not lead evaluates nothing (``LeaderElectionService``).
        guard self.center.isActing else { return }
        let now = WallClock.milliseconds()
        self.profiler?.collect(center: self.center, now: now)
        let metrics = self.center.metricsInUse
        guard !metrics.isEmpty else { return }
        let nodes = self.cache.all()
        let samples = AlertSamples.collect(
            nodes,
            metrics: metrics,
            nowMilliseconds: now,
            containers: self.center.containersInUse,
            labels: self.center.labelsInUse
        )
        let capture = AlertContextCapture(nodes, now: now)
        let converted = self.restarts.counter.withLock { $0.convert(samples) }
        let fired = self.center.evaluate(converted, now: now, context: capture.context)
        self.profiler?.start(fired, nodes: nodes, center: self.center, logger: self.logger, now: now)
    }
}
