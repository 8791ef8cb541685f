public import Logging
public import ServiceLifecycle

/// Hands the allocator's free pages back to the kernel every `interval`. Ingest replaces every node's process
/// lists each snapshot; glibc keeps what is freed in its per-thread arenas, so the server's RSS crept up for
/// the whole of a soak while the heap in use stayed flat (scripts/soak.sh reports both). Trimming costs
/// milliseconds a minute (the soak reports the longest) and keeps RSS what the data needs; it is a blocking call
/// that short, once a minute, on a pool thread — ingest and HTTP run on NIO's event loops, not here.
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
            let before = ServerMemory.current().residentBytes
            let started = clock.now
            ServerMemory.trim()
            let after = ServerMemory.current().residentBytes
            self.logger.debug(
                "Heap trimmed",
                metadata: [
                    "rss_before": "\(before.map { $0 >> 20 } ?? 0) MiB",
                    "rss_after": "\(after.map { $0 >> 20 } ?? 0) MiB",
                    "duration_ms": "\(Self.milliseconds(clock.now - started))",
                ]
            )
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
