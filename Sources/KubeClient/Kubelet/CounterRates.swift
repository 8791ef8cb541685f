/// Per-second rates of counters read from the kubelet's Prometheus endpoints, from their change between two
/// polls: nothing on the first reading, nothing when a counter went back (its container or the kubelet
/// restarted), and only finite, non-negative values.
struct CounterRates: Sendable {
    private var previous: [String: (value: Double, at: Int64)] = [:]
    private var seen: [String: (value: Double, at: Int64)] = [:]

    /// The rate of `key` now; call ``finish()`` once per poll so that keys not seen again are forgotten.
    mutating func rate(_ key: String, _ value: Double, nowMilliseconds now: Int64) -> Double? {
        guard value.isFinite, value >= 0 else { return nil }
        self.seen[key] = (value, now)
        guard let last = self.previous[key], now > last.at, value >= last.value else { return nil }
        let rate = (value - last.value) / (Double(now - last.at) / 1000)
        return rate.isFinite ? rate : nil
    }

    mutating func finish() {
        self.previous = self.seen
        self.seen = [:]
    }
}
