import NIOPosix

/// The one thread the cluster-wide pages are rendered on. A rendering over 100,000 pods takes a core for hundreds of
/// milliseconds; on Swift's cooperative pool (one thread per core, shared with every request and every agent's
/// session) two of them at once left no thread for the requests, which waited behind them. On a thread of its own
/// it is scheduled beside them by the kernel instead, and requests are answered from what was rendered last.
enum RenderThread {
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    /// `render()` on the rendering thread; on the caller's when the pool is not running.
    static func run<Value: Sendable>(_ render: @escaping @Sendable () -> Value) async -> Value {
        do {
            return try await Self.pool.runIfActive(render)
        } catch {
            return render()
        }
    }
}
