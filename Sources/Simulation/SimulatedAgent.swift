import Glibc
public import Logging
import NIOCore
import NIOPosix
import Synchronization
import Telemetry
public import Wire

/// One simulated agent: a real TCP connection speaking the agent's protocol (Hello, then a keyframe and
/// deltas every interval, heartbeats from the server drained), reconnecting after a failure as the agent
/// does. The node's counters keep moving while it is disconnected, as a real node's would.
public struct SimulatedAgent: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var token: String?
        public var interval: Duration
        public var reconnectDelay: Duration
        /// nil: plain TCP (`--insecure`).
        public var tls: ClientTLS?

        public init(
            host: String,
            port: Int,
            token: String?,
            interval: Duration,
            reconnectDelay: Duration = .seconds(1),
            tls: ClientTLS? = nil
        ) {
            self.host = host
            self.port = port
            self.token = token
            self.interval = interval
            self.reconnectDelay = reconnectDelay
            self.tls = tls
        }
    }

    let configuration: Configuration
    let counters: SimulationCounters
    let logger: Logger

    public init(configuration: Configuration, counters: SimulationCounters, logger: Logger) {
        self.configuration = configuration
        self.counters = counters
        self.logger = logger
    }

    /// Runs until cancelled; `offset` staggers agents across the interval as real nodes are.
    public func run(node: SyntheticNode, offset: Duration) async {
        let node = NodeBox(node, firstDeadline: ContinuousClock.now + offset)
        var failures = 0
        while !Task.isCancelled {
            do {
                try await self.session(node: node)
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                if failures == 1 || failures % 60 == 0 {
                    self.logger.warning(
                        "Simulated agent disconnected",
                        metadata: ["node.name": "\(node.name)", "error": "\(error)", "failures": "\(failures)"]
                    )
                }
            }
            // Jittered, so that agents cut off together do not reconnect in lockstep.
            try? await Task.sleep(for: self.configuration.reconnectDelay * Double.random(in: 0.5...1.5))
            node.catchUp(interval: self.configuration.interval)
        }
    }

    private struct Rejected: Error, CustomStringConvertible {
        var description: String
    }

    private func session(node: NodeBox) async throws {
        let channel: NIOAsyncChannel<Frame, Frame>
        do {
            // The server's heartbeats are read and dropped; snapshots every interval keep it from taking us for
            // gone, so no idle handler here.
            channel = try await FramedChannel.connect(
                host: self.configuration.host,
                port: self.configuration.port,
                silenceLimit: nil,
                tls: self.configuration.tls
            )
        } catch {
            self.counters.connectionFailed()
            throw error
        }
        try await channel.executeThenClose { inbound, outbound in
            let identity = AgentHandshake.Identity(
                nodeName: node.name,
                token: self.configuration.token,
                agentVersion: "podwatch-sim"
            )
            try await outbound.write(AgentHandshake.hello(identity))
            var frames = inbound.makeAsyncIterator()
            do {
                _ = try AgentHandshake.session(from: try await frames.next())
            } catch AgentHandshake.Failure.rejected(let reject) {
                self.counters.rejected()
                throw Rejected(description: "rejected: \(reject.message)")
            }
            self.counters.connectionOpened()
            defer { self.counters.connectionClosed() }
            let interval = self.configuration.interval
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var encoder = SnapshotEncoder()
                    // As the agent does: the newest snapshot at once, as a keyframe, then one every interval (a
                    // node waited up to a whole interval to show again after a server restart).
                    let first = node.current { encoder.frame(for: $0) }
                    try await outbound.write(first)
                    self.counters.sent(bytes: 6 + first.payload.readableBytes, keyframe: true)
                    while true {
                        try await ContinuousClock().sleep(until: node.deadline)
                        let frame = node.next(interval: interval) { encoder.frame(for: $0) }
                        try await outbound.write(frame)
                        self.counters.sent(
                            bytes: 6 + frame.payload.readableBytes,
                            keyframe: frame.flags.contains(.keyframe)
                        )
                        node.catchUp(interval: interval)
                    }
                }
                defer { group.cancelAll() }
                // Heartbeats and anything else the server sends: read so the socket never backs up.
                while try await frames.next() != nil {}
                throw Rejected(description: "server closed the connection")
            }
        }
    }

    static func wallMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}

/// The node a simulated agent reports and when its next snapshot is due, shared by the writer and the
/// reconnect loop so that counters keep growing across reconnects (a server computing rates would see
/// time run backwards otherwise).
final class NodeBox: Sendable {
    let name: String
    private let state: Mutex<(node: SyntheticNode, deadline: ContinuousClock.Instant)>

    init(_ node: SyntheticNode, firstDeadline: ContinuousClock.Instant) {
        self.name = node.name
        self.state = Mutex((node, firstDeadline))
    }

    var deadline: ContinuousClock.Instant { self.state.withLock { $0.deadline } }

    /// Encodes the current snapshot, leaving the node where it is (what a new connection sends first).
    func current<T>(_ encode: (Snapshot) -> T) -> T {
        self.state.withLock { state in
            encode(state.node.snapshot(wallMilliseconds: SimulatedAgent.wallMilliseconds()))
        }
    }

    /// Encodes the current snapshot, then moves the node one interval on.
    func next<T>(interval: Duration, _ encode: (Snapshot) -> T) -> T {
        self.state.withLock { state in
            let result = encode(state.node.snapshot(wallMilliseconds: SimulatedAgent.wallMilliseconds()))
            state.node.advance()
            state.deadline += interval
            return result
        }
    }

    /// Skips intervals that have already passed (disconnected, or an overloaded machine) instead of bursting.
    func catchUp(interval: Duration) {
        let now = ContinuousClock.now
        self.state.withLock { state in
            while now > state.deadline + interval {
                state.node.advance()
                state.deadline += interval
            }
        }
    }
}
