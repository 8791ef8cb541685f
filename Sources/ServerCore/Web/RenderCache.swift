import Synchronization

/// Rendered live fragments kept for a moment: with many browsers polling the same fragment, it is rendered
/// once per `maximumAge` instead of once per request. Bounded: when full, the whole cache is dropped.
final class RenderCache: Sendable {
    private let maximumAge: Duration
    private let capacity: Int
    private let entries = Mutex<[String: (rendered: ContinuousClock.Instant, html: HTML)]>([:])

    init(maximumAge: Duration, capacity: Int = 512) {
        self.maximumAge = maximumAge
        self.capacity = capacity
    }

    /// The cached rendering of `key` if it is fresh, otherwise `render()`'s (stored for the next caller).
    /// Rendering happens outside the lock, so a slow render never blocks other keys.
    func html(for key: String, now: ContinuousClock.Instant = .now, render: () throws -> HTML) rethrows -> HTML {
        if let entry = self.entries.withLock({ $0[key] }), now - entry.rendered < self.maximumAge {
            return entry.html
        }
        let html = try render()
        self.entries.withLock { entries in
            if entries.count >= self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (now, html)
        }
        return html
    }
}
