package import Logging
package import NIOCore
package import NodeStore
import Telemetry
package import Wire

/// One agent connection: Hello (small, within the deadline the channel enforces), then frames until the
/// connection ends. Every error ends this connection only; it is counted and logged, and the server carries on.
package struct IngestSession {
    package let configuration: IngestConfiguration
    package let cache: LiveCache
    package let registry: SessionRegistry
    package let counters: IngestCounters
    package let profiles: any CommandResultReceiver
    /// Whether a Hello's token may speak for its node.
    package let verifier: any AgentVerifier
    package let logger: Logger
    /// Where each snapshot is decoded and stored (the service's own threads, off the cooperative pool).
    package let threads: IngestThreads

    package var handshake: IngestHandshake {
        let cache = self.cache
        return IngestHandshake(
            configuration: self.configuration,
            knows: { cache.node($0) != nil },
            nodeCount: { cache.count }
        )
    }

    package func run(_ connection: NIOAsyncChannel<Frame, Frame>, limit: FrameLimit) async {
        let peer = connection.channel.remoteAddress?.description ?? "unknown"
        var logger = self.logger
        logger[metadataKey: "connection.peer"] = "\(peer)"
        do {
            try await connection.executeThenClose { inbound, outbound in
                var frames = inbound.makeAsyncIterator()
                guard let first = try await frames.next() else { return }
                let hello: Podwatch_V1_Hello
                let identity: String
                switch try await self.handshake.answer(first, verifier: self.verifier) {
                case .reject(let reject, let name):
                    self.counters.connectionRejected()
                    logger.warning(
                        "Agent rejected",
                        metadata: ["node.name": "\(LimitViolation.printable(name))", "reason": "\(reject.message)"]
                    )
                    try await outbound.write(WireMessage.reject(reject).frame())
                    return
                case .welcome(let welcomed, let verified):
                    (hello, identity) = (welcomed, verified)
                }
                limit.raise(to: self.configuration.maximumFrameLength)
                logger[metadataKey: "node.name"] = "\(hello.nodeName)"
                try await self.serve(hello, identity: identity, connection, &frames, outbound, logger)
                logger.info("Agent disconnected")
            }
        } catch let error as WireError {
            self.counters.malformedFrame()
            logger.warning("Closing connection after a bad frame", metadata: ["error": "\(error)"])
        } catch  where IngestTLS.isTLSFailure(error) {
            // A plain client, an agent that does not trust our certificate, a client certificate we do not trust.
            self.counters.tlsFailed()
            logger.warning("TLS handshake failed; connection closed", metadata: ["error": "\(error)"])
        } catch {
            logger.debug("Connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// The authenticated part: Welcome, then heartbeats and queued commands out, frames in.
    private func serve(
        _ hello: Podwatch_V1_Hello,
        identity: String,
        _ connection: NIOAsyncChannel<Frame, Frame>,
        _ frames: inout NIOAsyncChannelInboundStream<Frame>.AsyncIterator,
        _ outbound: NIOAsyncChannelOutboundWriter<Frame>,
        _ logger: Logger
    ) async throws {
        let node = hello.nodeName
        let (commands, commandQueue) = AsyncStream<Frame>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let registration = self.registry.register(
            node: node,
            identity: identity,
            channel: connection.channel,
            capabilities: hello.capabilities,
            outbound: commandQueue
        )
        let session: (id: UInt64, replaced: String?)
        switch registration {
        case .registered(let id, let replaced):
            session = (id, replaced)
        case .heldByAnother(let holder):
            // Defence in depth: a verifier binds each identity to one node, so this means two identities claim it.
            self.counters.connectionRejected()
            logger.error(
                "Agent refused: its node is connected under another identity",
                metadata: ["agent.identity": "\(identity)", "node.identity": "\(holder)"]
            )
            let reject = IngestHandshake.reject(.badToken, "node \(node) is connected under another identity")
            try await outbound.write(WireMessage.reject(reject).frame())
            return
        }
        if let previous = session.replaced {
            self.counters.sessionReplaced()
            logger.notice(
                "Agent reconnected; previous connection closed",
                metadata: ["agent.identity": "\(identity)", "previous.peer": "\(previous)"]
            )
        }
        self.counters.connectionAccepted()
        defer {
            if self.registry.unregister(node: node, id: session.id) { self.cache.disconnected(node: node) }
        }
        var welcome = Podwatch_V1_Welcome()
        welcome.protocolVersion = WireMessage.protocolVersion
        welcome.heartbeatIntervalSeconds = UInt32(Heartbeat.interval.components.seconds)
        try await outbound.write(WireMessage.welcome(welcome).frame())
        logger.info("Agent connected", metadata: ["agent.version": "\(hello.agentVersion)"])
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Heartbeats to the agent, so that it can tell a silent server from a quiet one.
            group.addTask {
                while true {
                    try await Task.sleep(for: Heartbeat.interval)
                    try await outbound.write(WireMessage.heartbeat.frame())
                }
            }
            // Commands (profile requests, cancels) queued for this agent.
            group.addTask {
                for await frame in commands { try await outbound.write(frame) }
            }
            defer {
                commandQueue.finish()
                group.cancelAll()
            }
            let ingest = IngestBox(
                IngestConnection(
                    node: node,
                    configuration: self.configuration,
                    cache: self.cache,
                    counters: self.counters,
                    profiles: self.profiles
                )
            )
            while let frame = try await frames.next() {
                do {
                    // Decoded and stored off the cooperative pool, where the pages' requests run (`IngestThreads`).
                    try await self.threads.run {
                        try ingest.connection.receive(frame, wallMilliseconds: WallClock.milliseconds())
                    }
                } catch let error as WireError where error.violation != nil {
                    // The node's last good snapshot stays; the agent hears why and reconnects with a keyframe.
                    logger.error(
                        "Snapshot refused",
                        metadata: ["reason": "\(error.violation.map(\.description) ?? "")"]
                    )
                    let reason = IngestHandshake.reject(.snapshotRefused, error.detail)
                    try? await outbound.write(WireMessage.reject(reason).frame())
                    return
                }
            }
        }
    }
}
