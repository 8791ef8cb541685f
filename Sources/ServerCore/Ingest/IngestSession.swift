import Logging
import NIOCore
import Telemetry
import Wire

/// One agent connection: Hello, then snapshots until the connection ends. Every error ends this
/// connection only; it is counted and logged, and the server carries on.
struct IngestSession {
    let configuration: ServerConfiguration
    let cache: LiveCache
    let registry: SessionRegistry
    let counters: IngestCounters
    let profiles: ProfileCenter
    let logger: Logger

    func run(_ connection: NIOAsyncChannel<Frame, Frame>) async {
        let peer = connection.channel.remoteAddress?.description ?? "unknown"
        var logger = self.logger
        logger[metadataKey: "connection.peer"] = "\(peer)"
        do {
            try await connection.executeThenClose { inbound, outbound in
                var frames = inbound.makeAsyncIterator()
                guard let first = try await frames.next() else { return }
                guard case .hello(let hello) = try self.decode(first) else {
                    throw WireError.unexpectedFrame("the first frame must be Hello, got \(first.type)")
                }
                if let reason = self.refusal(hello) {
                    self.counters.connectionRejected()
                    logger.warning(
                        "Agent rejected",
                        metadata: ["node.name": "\(hello.nodeName.prefix(80))", "reason": "\(reason.message)"]
                    )
                    try await outbound.write(WireMessage.reject(reason).frame())
                    return
                }
                let node = hello.nodeName
                logger[metadataKey: "node.name"] = "\(node)"
                let (commands, commandQueue) = AsyncStream<Frame>.makeStream(bufferingPolicy: .bufferingNewest(256))
                let session = self.registry.register(
                    node: node,
                    channel: connection.channel,
                    capabilities: hello.capabilities,
                    outbound: commandQueue
                )
                if session.replaced {
                    self.counters.sessionReplaced()
                    logger.info("Agent reconnected; previous connection closed")
                }
                self.counters.connectionAccepted()
                defer {
                    if self.registry.unregister(node: node, id: session.id) { self.cache.disconnected(node: node) }
                }
                var welcome = Podwatch_V1_Welcome()
                welcome.protocolVersion = WireMessage.protocolVersion
                welcome.heartbeatIntervalSeconds = 10
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
                    var snapshots = SnapshotDecoder()
                    while let frame = try await frames.next() {
                        if frame.type == .snapshot {
                            let snapshot = try snapshots.snapshot(
                                from: frame,
                                maximumLength: self.configuration.maximumFrameLength
                            )
                            self.counters.snapshotReceived()
                            self.cache.ingest(
                                node: node,
                                snapshot: snapshot,
                                wallMilliseconds: WallClock.milliseconds()
                            )
                            continue
                        }
                        switch try self.decode(frame) {
                        case .commandResult(let result, let final):
                            self.profiles.receive(node: node, result, final: final, now: WallClock.milliseconds())
                        case .snapshot, .heartbeat, .unknown:
                            continue
                        case .hello, .welcome, .reject, .command:
                            throw WireError.unexpectedFrame("\(frame.type) is not allowed after Hello")
                        }
                    }
                }
                logger.info("Agent disconnected")
            }
        } catch let error as WireError {
            self.counters.malformedFrame()
            logger.warning("Closing connection after a bad frame", metadata: ["error": "\(error)"])
        } catch {
            logger.debug("Connection ended", metadata: ["error": "\(error)"])
        }
    }

    private func decode(_ frame: Frame) throws(WireError) -> WireMessage {
        try WireMessage.decode(frame, maximumLength: self.configuration.maximumFrameLength)
    }

    /// Why a Hello is refused, or nil.
    private func refusal(_ hello: Podwatch_V1_Hello) -> Podwatch_V1_Reject? {
        var reject = Podwatch_V1_Reject()
        if let token = self.configuration.token, !TokenCheck.matches(hello.token, token) {
            reject.reason = .badToken
            reject.message = "wrong or missing token"
        } else if hello.protocolVersion != WireMessage.protocolVersion {
            reject.reason = .unsupportedVersion
            reject.message =
                "protocol version \(hello.protocolVersion) is not supported; this server speaks \(WireMessage.protocolVersion)"
        } else if !NodeName.isValid(hello.nodeName) {
            reject.reason = .invalidNodeName
            reject.message = "node name must be 1-253 bytes of printable text"
        } else {
            return nil
        }
        return reject
    }
}
