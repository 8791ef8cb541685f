/// Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 30 s, each delay drawn from 50–100 % of
/// its step so that agents restarted together do not reconnect together.
public struct Backoff: Sendable {
    public let initial: Duration
    public let maximum: Duration
    private var step: Duration

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
        self.step = initial
    }

    /// The next delay, and the step doubles (up to the maximum).
    public mutating func next<G: RandomNumberGenerator>(using generator: inout G) -> Duration {
        let delay = self.step * Double.random(in: 0.5...1.0, using: &generator)
        self.step = min(self.step * 2, self.maximum)
        return delay
    }

    public mutating func next() -> Duration {
        var generator = SystemRandomNumberGenerator()
        return self.next(using: &generator)
    }

    /// After a successful connection.
    public mutating func reset() {
        self.step = self.initial
    }
}
