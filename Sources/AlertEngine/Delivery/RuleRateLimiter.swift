/// At most `burst` notifications per rule at once, refilled at one per `refillMilliseconds`: a rule matching
/// fifty pods cannot flood a channel. Notifications over the limit wait; none is dropped.
package struct RuleRateLimiter: Sendable {
    package var burst = 10.0
    package var refillMilliseconds = 6_000.0
    private var buckets: [String: (tokens: Double, at: Int64)] = [:]

    package init(burst: Double = 10, refillMilliseconds: Double = 6_000) {
        self.burst = burst
        self.refillMilliseconds = refillMilliseconds
    }

    /// Takes a token for `rule` and returns nil, or returns when the next token will be there.
    package mutating func take(rule: String, now: Int64) -> Int64? {
        var bucket = self.buckets[rule] ?? (self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + Double(now - bucket.at) / self.refillMilliseconds)
        bucket.at = now
        defer { self.buckets[rule] = bucket }
        guard bucket.tokens >= 1 else {
            return now + Int64(((1 - bucket.tokens) * self.refillMilliseconds).rounded(.up))
        }
        bucket.tokens -= 1
        return nil
    }
}
