import ArgumentParser
import Logging
import Simulation
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// `podwatch-sim run`: opens N agent connections and streams snapshots until `--duration` ends or a signal.
/// Prints progress to stderr and totals (`sim.*` lines) to stdout at the end.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Open N simulated agent connections to a server and stream snapshots."
    )

    @Option(help: "Simulated agents (nodes).") var agents = 10
    @Option(help: "Pods per simulated node.") var podsPerNode = 100
    @Option(help: "Snapshot interval: 5s, 500ms, 1m.") var interval =
        IntervalArgument(argument: "5s") ?? IntervalArgument.fallback
    @Option(
        help:
            "Server ingest address, HOST:PORT (default 127.0.0.1:9090); repeat it for server replicas: every node streams to each, as agents do."
    )
    var server: [String] = []
    @Option(help: "Agent token, when the server requires one.") var token: String?
    @Option(help: "File holding the agent token.") var tokenFile: String?
    @Option(help: "Node names are this prefix and a number.") var namePrefix = "sim-"
    @Option(help: "Seed for the synthetic nodes (same seed, same cluster).") var seed: UInt64 = 1
    @Option(help: "Stop after this many seconds (default: run until SIGINT/SIGTERM).") var duration: Int?
    @Option(help: "Seconds between progress lines on stderr.") var reportEvery = 10
    @Option(help: "PEM CA that signed the server's certificate.") var tlsCa: String?
    @Option(help: "Name the server's certificate must carry (default: the --server host).") var tlsServerName: String?
    @Flag(help: "Connect over plain TCP (the server runs with --insecure).") var insecure = false
    @Option(help: "The first N nodes are outliers, busy ~98 % (what the heat map and the dense view must show).")
    var hotNodes = 0

    func validate() throws {
        guard self.agents > 0, self.agents <= 100_000 else { throw ValidationError("--agents must be 1-100000") }
        guard self.podsPerNode >= 0, self.podsPerNode <= 1_000 else {
            throw ValidationError("--pods-per-node must be 0-1000")
        }
        guard self.addresses.allSatisfy({ IngestAddress.parse($0) != nil }), self.addresses.count <= 16 else {
            throw ValidationError("--server must be HOST:PORT, at most 16 times")
        }
        guard (0...self.agents).contains(self.hotNodes) else { throw ValidationError("--hot-nodes must be 0-agents") }
        guard self.tlsCa != nil || self.insecure else {
            throw ValidationError("give --tls-ca (the CA of the server's certificate), or --insecure for plain TCP")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "podwatch-sim")
        let servers = self.addresses.compactMap(IngestAddress.parse)
        var token = self.token
        if let path = self.tokenFile { token = try TokenFile.read(path) }
        let tls: ClientTLS?
        do {
            tls = try self.tlsCa.map {
                ClientTLS(context: try IngestTLS.clientContext(trustRoots: $0), serverName: self.tlsServerName)
            }
        } catch {
            throw ValidationError("\(error)")
        }
        // One simulated cluster per replica, from the same seed: the same nodes, pods and names on each.
        let simulators = servers.map { server in
            var simulator = LoadSimulator(
                agents: self.agents,
                podsPerNode: self.podsPerNode,
                namePrefix: self.namePrefix,
                seed: self.seed,
                agent: SimulatedAgent.Configuration(
                    host: server.host,
                    port: server.port,
                    token: token,
                    interval: self.interval.duration,
                    tls: tls
                )
            )
            simulator.hotNodes = self.hotNodes
            return simulator
        }
        let counters = SimulationCounters()
        logger.info(
            "Simulating agents",
            metadata: [
                "agents": "\(self.agents)", "pods.per.node": "\(self.podsPerNode)",
                "server": "\(self.addresses.joined(separator: ","))",
                "interval": "\(self.interval.duration)",
            ]
        )
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { replicas in
                    for simulator in simulators {
                        replicas.addTask { await simulator.run(counters: counters, logger: logger) }
                    }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(self.reportEvery))
                    Self.report(counters.values, since: started, to: logger)
                }
            }
            group.addTask { await StopSignal.wait(seconds: self.duration) }
            await group.next()
            group.cancelAll()
        }
        let values = counters.values
        print("sim.agents \(self.agents)")
        print("sim.pods_per_node \(self.podsPerNode)")
        print("sim.seconds \((ContinuousClock.now - started).components.seconds)")
        print("sim.snapshots_sent \(values.snapshotsSent)")
        print("sim.keyframes_sent \(values.keyframes)")
        print("sim.connects \(values.connects)")
        print("sim.connect_failures \(values.connectFailures)")
        print("sim.rejects \(values.rejects)")
        print("sim.keyframe_bytes_mean \(values.meanKeyframeBytes)")
        print("sim.delta_bytes_mean \(values.meanDeltaBytes)")
    }

    /// `--server` values, or the default.
    var addresses: [String] { self.server.isEmpty ? ["127.0.0.1:9090"] : self.server }

    static func report(_ values: SimulationCounters.Values, since started: ContinuousClock.Instant, to logger: Logger) {
        logger.info(
            "Progress",
            metadata: [
                "seconds": "\((ContinuousClock.now - started).components.seconds)", "connected": "\(values.connected)",
                "snapshots.sent": "\(values.snapshotsSent)", "delta.bytes.mean": "\(values.meanDeltaBytes)",
                "connect.failures": "\(values.connectFailures)", "rejects": "\(values.rejects)",
            ]
        )
    }
}

extension IntervalArgument {
    static let fallback = IntervalArgument(duration: .seconds(5))

    init(duration: Duration) {
        self.duration = duration
    }
}
