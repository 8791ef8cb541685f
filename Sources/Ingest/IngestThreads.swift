import NIOCore
import NIOPosix

/// The threads snapshots are decoded and stored on: one per core, apart from Swift's cooperative pool. On that
/// pool (one thread per core, first come first served) every request waited behind whatever snapshots had
/// arrived before it, ~2.5 ms each at 100 pods, and agents' frames arrive in bunches; a request answered from
/// a page already rendered waited up to a few hundred milliseconds behind them on two cores shared with a
/// simulated 1,000-node cluster. On threads of their own the kernel shares the cores between the two in slices
/// of a few milliseconds instead.
enum IngestThreads {
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount))
        pool.start()
        return pool
    }()

    /// `work()` on an ingest thread, its error rethrown here; on the caller's thread when the pool is not running.
    static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        let result: Result<Value, any Error>
        do {
            result = try await Self.pool.runIfActive { Result(catching: work) }
        } catch {
            result = Result(catching: work)
        }
        return try result.get()
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
