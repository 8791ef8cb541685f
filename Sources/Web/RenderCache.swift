import ServerMetrics
import Synchronization

/// Rendered live answers kept for a moment: with many browsers (or scrapers) polling the same fragment or API
/// list, it is rendered once per `maximumAge` instead of once per request. While one request re-renders an
/// expired answer, the others get the previous one (at most one re-render per key at a time), so fifty clients
/// on a page over a thousand nodes never render it fifty times at once. Bounded: when full, the whole cache is
/// dropped.
final class RenderCache<Value: Sendable>: Sendable {
    private struct State {
        var entries: [String: (rendered: ContinuousClock.Instant, value: Value)] = [:]
        var rendering: Set<String> = []
        /// Renderings under way for ``shared(for:render:)``, which callers of a key not yet rendered await.
        var tasks: [String: Task<Value, Never>] = [:]
    }

    private let maximumAge: Duration
    private let capacity: Int
    private let state = Mutex(State())
    /// Where each rendering's duration goes (`podwatch_page_render_seconds`); cached answers are not renderings.
    private let metrics: ServerMetrics?

    init(maximumAge: Duration, capacity: Int = 512, metrics: ServerMetrics? = nil) {
        self.maximumAge = maximumAge
        self.capacity = capacity
        self.metrics = metrics
    }

    /// The cached rendering of `key` if it is fresh (or being re-rendered by another request), otherwise
    /// `render()`'s, stored for the next callers. Rendering happens outside the lock, so a slow render never
    /// blocks other keys; an answer is never older than `maximumAge` plus one rendering.
    func value(for key: String, now: ContinuousClock.Instant = .now, render: () throws -> Value) rethrows -> Value {
        let cached: Value? = self.state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            if now - entry.rendered < self.maximumAge { return entry.value }
            if state.rendering.contains(key) { return entry.value }
            state.rendering.insert(key)
            return nil
        }
        if let cached { return cached }
        defer { _ = self.state.withLock { $0.rendering.remove(key) } }
        let started = ContinuousClock.now
        let value = try render()
        self.metrics?.pageRendered(in: ContinuousClock.now - started)
        self.state.withLock { state in
            if state.entries.count >= self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = (now, value)
        }
        return value
    }

    /// The pages over the whole cluster: a fresh answer from the cache; an expired one at once while a background
    /// task renders the next (so no request waits for a rendering once a key has been rendered); the first
    /// rendering of a key is done once and awaited by every request that asks meanwhile. Renderings run on
    /// ``RenderThread``, off the server's event loops and Swift's cooperative pool.
    func shared(for key: String, render: @escaping @Sendable () -> Value) async -> Value {
        let now = ContinuousClock.now
        let (cached, pending): (Value?, Task<Value, Never>?) = self.state.withLock { state in
            let entry = state.entries[key]
            if let entry, now - entry.rendered < self.maximumAge { return (entry.value, nil) }
            if let task = state.tasks[key] { return (entry?.value, task) }
            let task = Task { [self] in
                let started = ContinuousClock.now
                let value = await RenderThread.run(render)
                self.metrics?.pageRendered(in: ContinuousClock.now - started)
                self.state.withLock { state in
                    if state.entries.count >= self.capacity { state.entries.removeAll(keepingCapacity: true) }
                    state.entries[key] = (started, value)
                    state.tasks[key] = nil
                }
                return value
            }
            state.tasks[key] = task
            return (entry?.value, task)
        }
        if let cached { return cached }
        // Only a key never rendered (or dropped with a full cache) gets here.
        return await pending?.value ?? render()
    }
}
