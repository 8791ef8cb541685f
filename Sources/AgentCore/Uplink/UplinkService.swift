import KubeClient
public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle
import Telemetry
public import Wire

/// Streams snapshots to the server over one connection, reconnecting forever with backoff.
///
/// Starts fine while the server is down (sampling goes on; the mailbox keeps only the newest snapshot).
/// Every connection begins with Hello and the latest snapshot as a keyframe. A Reject (wrong token, bad
/// name) is logged as an error and retried slowly; a broken connection is retried with backoff.
public struct UplinkService: Service {
    let configuration: UplinkConfiguration
    /// nil: plain TCP (`--insecure`).
    let tls: ClientTLS?
    let mailbox: SnapshotMailbox
    let commands: CommandChannel
    let logger: Logger
    let metrics: AgentMetrics?
    /// Called when a connection fails or ends (``UplinkReplicas`` then resolves its replicas again).
    let onConnectionLost: @Sendable () -> Void

    public init(
        configuration: UplinkConfiguration,
        tls: ClientTLS?,
        mailbox: SnapshotMailbox,
        commands: CommandChannel = .refusing("this agent does not run commands"),
        logger: Logger,
        metrics: AgentMetrics? = nil,
        onConnectionLost: @escaping @Sendable () -> Void = {}
    ) {
        self.onConnectionLost = onConnectionLost
        self.configuration = configuration
        self.tls = tls
        self.mailbox = mailbox
        self.commands = commands
        self.logger = logger
        self.metrics = metrics
    }

    struct Rejected: Error {
        var reject: Podwatch_V1_Reject
    }

    struct Closed: Error {}

    public func run() async throws {
        // Capped at 4 s (jittered down to half): after a server restart every agent is back within 5 s even
        // when its last retry came just before the server listened (a 5 s cap left no room for connecting and the
        // keyframe: the fault test measured 5.1 s once), and a thousand agents retrying a down server is ~330
        // connection attempts a second at most.
        var backoff = Backoff(initial: .seconds(1), maximum: .seconds(4))
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let delay: Duration
            do {
                try await self.session { backoff.reset() }
                delay = backoff.next()
            } catch let rejected as Rejected {
                self.logger.error(
                    "Server rejected this agent; retrying slowly",
                    metadata: [
                        "reason": "\(rejected.reject.reason)", "message": "\(rejected.reject.message)",
                        "retry.seconds": "\(self.configuration.rejectedRetryDelay.components.seconds)",
                    ]
                )
                delay = self.configuration.rejectedRetryDelay
            } catch {
                failures += 1
                self.onConnectionLost()
                self.metrics?.connectionFailed()
                delay = backoff.next()
                self.logger.warning(
                    "Server unreachable or connection lost; sampling continues",
                    metadata: [
                        "server": "\(self.configuration.host):\(self.configuration.port)", "error": "\(error)",
                        "retry.after": "\(delay)", "failures.total": "\(failures)",
                    ]
                )
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
        }
    }

    /// Writes one snapshot frame and counts it (6 bytes of header and the payload) for `/metrics`.
    private func send(_ frame: Frame, _ outbound: NIOAsyncChannelOutboundWriter<Frame>) async throws {
        try await outbound.write(frame)
        self.metrics?.sent(bytes: 6 + frame.payload.readableBytes)
    }

    /// One connection, from connect to close. `welcomed` runs once the server accepted us.
    private func session(welcomed: () -> Void) async throws {
        let token = try self.configuration.currentToken()
        let channel = try await FramedChannel.connect(
            host: self.configuration.host,
            port: self.configuration.port,
            tls: self.tls
        )
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(
                AgentHandshake.hello(
                    AgentHandshake.Identity(
                        nodeName: self.configuration.nodeName,
                        token: token,
                        agentVersion: self.configuration.agentVersion,
                        capabilities: self.configuration.capabilities
                    )
                )
            )
            var frames = inbound.makeAsyncIterator()
            let session: AgentHandshake.Session
            do {
                session = try AgentHandshake.session(from: try await frames.next())
            } catch AgentHandshake.Failure.rejected(let reject) {
                throw Rejected(reject: reject)
            }
            welcomed()
            self.metrics?.connected()
            self.logger.info(
                "Connected to server",
                metadata: ["server": "\(self.configuration.host):\(self.configuration.port)"]
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // A keyframe first — the newest snapshot we have, even if a previous connection sent it —
                    // then deltas against what this connection sent.
                    var encoder = SnapshotEncoder()
                    if let latest = self.mailbox.latest { try await self.send(encoder.frame(for: latest), outbound) }
                    while let snapshot = await self.mailbox.take() {
                        try await self.send(encoder.frame(for: snapshot), outbound)
                    }
                }
                group.addTask {
                    // Command results, in order; one a failed write could not send goes first next time.
                    while let frame = await self.commands.outbox.take() {
                        do {
                            try await outbound.write(frame)
                        } catch {
                            self.commands.outbox.putBack(frame)
                            throw error
                        }
                    }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: session.heartbeatInterval)
                        try await outbound.write(WireMessage.heartbeat.frame())
                    }
                }
                defer { group.cancelAll() }
                // Read until the server closes; SIGTERM closes the channel, which ends this loop.
                try await withGracefulShutdownHandler {
                    while let frame = try await frames.next() {
                        switch try WireMessage.decode(frame) {
                        case .reject(let reject): throw Rejected(reject: reject)
                        case .command(let command): await self.commands.handle(command)
                        default: continue
                        }
                    }
                } onGracefulShutdown: {
                    channel.channel.close(promise: nil)
                }
                if !Task.isShuttingDownGracefully { throw Closed() }
            }
        }
    }
}

extension UplinkService: CustomStringConvertible {
    public var description: String { "UplinkService" }
}
