public import Logging
import NIOPosix
public import ServiceLifecycle
import Telemetry
import Web

/// Hands the allocator's free pages back to the kernel every `interval`. Ingest replaces every node's process
/// lists each snapshot; glibc keeps what is freed in its arenas, so the server's RSS crept up through a soak
/// while the heap in use stayed flat (scripts/soak.sh reports both; README, Performance). A trim took 30–320 ms
/// at 1,000 nodes: it runs on NIO's blocking-I/O pool, not on the cooperative threads the ingest sessions use.
public struct HeapTrimService: Service, CustomStringConvertible {
    let interval: Duration
    let logger: Logger

    public init(interval: Duration, logger: Logger) {
        self.interval = interval
        self.logger = logger
    }

    public var description: String { "HeapTrimService" }

    public func run() async throws {
        let clock = ContinuousClock()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: self.interval, clock: clock)
            }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            let started = clock.now
            guard
                let (before, after) = try? await NIOThreadPool.singleton.runIfActive({
                    let before = ServerMemory.residentBytes()
                    ServerMemory.trim()
                    return (before, ServerMemory.residentBytes())
                })
            else { return }
            self.logger.debug(
                "Heap trimmed",
                metadata: [
                    "rss_before": "\(before.map { $0 >> 20 } ?? 0) MiB",
                    "rss_after": "\(after.map { $0 >> 20 } ?? 0) MiB",
                    "duration_ms": "\((clock.now - started).saturatingMilliseconds)",
                ]
            )
        }
    }

}
