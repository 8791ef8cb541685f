public import Logging
public import ServiceLifecycle
import Synchronization
public import Wire

/// Streams to every server replica: one ``UplinkService`` per replica, each with its own connection,
/// keyframe/delta stream, backoff, heartbeat, mailbox and command outbox, so a replica that goes away costs the
/// others nothing.
///
/// Fixed `--server` addresses are replicas for the agent's life. A `dns+NAME:PORT` endpoint is resolved at
/// start, every ``resolveInterval`` and after any connection is lost: an address that appears gains a
/// connection, one that is gone from a successful answer loses it. A failed or empty answer changes nothing
/// (a DNS hiccup must not drop healthy connections).
public struct UplinkReplicas: Service, CustomStringConvertible {
    public typealias Resolve = @Sendable (String) async throws -> [String]

    let endpoints: [ServerEndpoint]
    /// Everything but host and port, which each replica sets.
    let base: UplinkConfiguration
    let tls: ClientTLS?
    let fanout: SnapshotFanout
    /// The command handling of one replica, given the outbox its results go to.
    let commands: @Sendable (CommandOutbox) -> CommandChannel
    let resolve: Resolve
    let resolveInterval: Duration
    let logger: Logger
    let metrics: AgentMetrics?

    public init(
        endpoints: [ServerEndpoint],
        base: UplinkConfiguration,
        tls: ClientTLS?,
        fanout: SnapshotFanout,
        commands: @escaping @Sendable (CommandOutbox) -> CommandChannel,
        resolve: @escaping Resolve = AddressResolver.resolve,
        resolveInterval: Duration = .seconds(30),
        logger: Logger,
        metrics: AgentMetrics? = nil
    ) {
        self.endpoints = endpoints
        self.base = base
        self.tls = tls
        self.fanout = fanout
        self.commands = commands
        self.resolve = resolve
        self.resolveInterval = resolveInterval
        self.logger = logger
        self.metrics = metrics
    }

    public var description: String { "UplinkReplicas" }

    /// One replica to stream to.
    package struct Replica: Hashable {
        package var key: String
        package var host: String
        package var port: Int
        /// The name TLS checks the certificate against when `host` is an address resolved from it.
        package var tlsName: String?
    }

    public func run() async throws {
        let lost = Mutex(true)
        var running: [String: Task<Void, Never>] = [:]
        var lastResolve = ContinuousClock.now
        var failing: Set<String> = []
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let nudged = lost.withLock { value in
                defer { value = false }
                return value
            }
            if nudged || ContinuousClock.now - lastResolve >= self.resolveInterval {
                lastResolve = .now
                let wanted = await self.replicas(failing: &failing, current: Set(running.keys))
                for replica in wanted.values where running[replica.key] == nil {
                    running[replica.key] = self.start(replica) { lost.withLock { $0 = true } }
                }
                for key in running.keys where wanted[key] == nil {
                    self.logger.notice(
                        "Server replica gone from DNS; its connection closes",
                        metadata: ["server": "\(key)"]
                    )
                    running.removeValue(forKey: key)?.cancel()
                    self.fanout.remove(key)
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
        // The replicas' tasks are unstructured (each can be stopped alone): they see a graceful shutdown (a
        // task-local they inherit) but not this task's cancellation, which is passed on here.
        if Task.isCancelled { for task in running.values { task.cancel() } }
        for task in running.values { await task.value }
    }

    /// The replicas wanted now: fixed ones always; for each DNS name its addresses, or — when it cannot be
    /// resolved or has none — the replicas of it already running.
    package func replicas(failing: inout Set<String>, current: Set<String>) async -> [String: Replica] {
        var wanted: [String: Replica] = [:]
        for endpoint in self.endpoints {
            switch endpoint {
            case .fixed(let host, let port):
                let replica = Replica(key: IngestAddress.text(host, port), host: host, port: port)
                wanted[replica.key] = replica
            case .dns(let name, let port):
                var addresses: [String] = []
                do {
                    addresses = try await self.resolve(name)
                    if failing.remove(name) != nil {
                        self.logger.notice("Server replicas resolve again", metadata: ["name": "\(name)"])
                    }
                } catch {
                    if failing.insert(name).inserted {
                        self.logger.warning(
                            "Cannot resolve the server replicas; keeping the connections there are",
                            metadata: ["name": "\(name)", "error": "\(error)"]
                        )
                    }
                }
                if addresses.isEmpty {
                    for key in current {
                        if let replica = self.dnsReplica(key, of: name, port: port) { wanted[key] = replica }
                    }
                    continue
                }
                for address in addresses.prefix(ServerEndpoint.maximum) {
                    let replica = Replica(
                        key: IngestAddress.text(address, port),
                        host: address,
                        port: port,
                        tlsName: name
                    )
                    wanted[replica.key] = replica
                }
            }
        }
        return wanted
    }

    /// The replica a running key stands for, when it is an address of `name` (kept through a failed lookup).
    private func dnsReplica(_ key: String, of name: String, port: Int) -> Replica? {
        guard let (host, keyPort) = IngestAddress.parse(key), keyPort == port,
            !self.endpoints.contains(.fixed(host: host, port: port))
        else { return nil }
        return Replica(key: key, host: host, port: port, tlsName: name)
    }

    private func start(_ replica: Replica, lost: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        var configuration = self.base
        configuration.host = replica.host
        configuration.port = replica.port
        var tls = self.tls
        if let name = replica.tlsName, tls?.serverName == nil { tls?.serverName = name }
        let uplink = UplinkService(
            configuration: configuration,
            tls: tls,
            mailbox: self.fanout.mailbox(for: replica.key),
            commands: self.commands(CommandOutbox()),
            logger: self.logger,
            metrics: self.metrics,
            onConnectionLost: lost
        )
        self.logger.info("Streaming to server replica", metadata: ["server": "\(replica.key)"])
        return Task { try? await uplink.run() }
    }
}
