import ServerMetrics
import Synchronization

/// Rendered live answers kept for a moment: with many browsers (or scrapers) polling the same fragment or API
/// list, it is rendered once per `maximumAge` instead of once per request. Bounded: when full, the whole cache
/// is dropped.
final class RenderCache<Value: Sendable>: Sendable {
    private let maximumAge: Duration
    private let capacity: Int
    private let entries = Mutex<[String: (rendered: ContinuousClock.Instant, value: Value)]>([:])
    /// Where each rendering's duration goes (`podwatch_page_render_seconds`); cached answers are not renderings.
    private let metrics: ServerMetrics?

    init(maximumAge: Duration, capacity: Int = 512, metrics: ServerMetrics? = nil) {
        self.maximumAge = maximumAge
        self.capacity = capacity
        self.metrics = metrics
    }

    /// The cached rendering of `key` if it is fresh, otherwise `render()`'s (stored for the next caller).
    /// Rendering happens outside the lock, so a slow render never blocks other keys.
    func value(for key: String, now: ContinuousClock.Instant = .now, render: () throws -> Value) rethrows -> Value {
        if let entry = self.entries.withLock({ $0[key] }), now - entry.rendered < self.maximumAge {
            return entry.value
        }
        let started = ContinuousClock.now
        let value = try render()
        self.metrics?.pageRendered(in: ContinuousClock.now - started)
        self.entries.withLock { entries in
            if entries.count >= self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (now, value)
        }
        return value
    }
}
