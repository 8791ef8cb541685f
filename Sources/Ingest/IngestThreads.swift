import NIOCore
import NIOPosix

/// The threads one ingest service decodes and stores snapshots on: one per core, apart from Swift's cooperative
/// pool. On that pool (one thread per core, first come first served) every request waited behind whatever
/// snapshots had arrived before it, ~2.5 ms each at 100 pods, and agents' frames arrive in bunches; a request
/// answered from a page already rendered waited up to a few hundred milliseconds behind them on two cores shared
/// with a simulated 1,000-node cluster. On threads of their own the kernel shares the cores between the two in
/// slices of a few milliseconds instead. Each service has its own (a process running several servers, as the
/// tests do, never has one server's backlog delay another's snapshots).
package struct IngestThreads: Sendable {
    private let pool: NIOThreadPool

    /// Started at once; `shutdown()` when the service stops.
    package init(count: Int = System.coreCount) {
        self.pool = NIOThreadPool(numberOfThreads: max(1, count))
        self.pool.start()
    }

    /// `work()` on an ingest thread, its error rethrown here; on the caller's thread once the pool has stopped.
    package func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        let result: Result<Value, any Error>
        do {
            result = try await self.pool.runIfActive { Result(catching: work) }
        } catch {
            result = Result(catching: work)
        }
        return try result.get()
    }

    /// Lets the work queued finish, then ends the threads.
    package func shutdown() async {
        try? await self.pool.shutdownGracefully()
    }
}

/// One connection's ingest state, handed to an ingest thread for each frame.
final class IngestBox: @unchecked Sendable {
    // @unchecked: the session awaits each frame's work before it hands over the next, so one thread at a time
    // touches `connection`, and the pool's completion orders one frame's accesses before the next's.
    var connection: IngestConnection

    init(_ connection: IngestConnection) {
        self.connection = connection
    }
}
