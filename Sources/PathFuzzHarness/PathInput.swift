import AlertEngine
import Alerting
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Ingest
import Logging
import NIOCore
import NIOEmbedded
import NodeStore
import ServerCore
import Telemetry
import Web
import Wire

/// What the whole-path fuzzer does with one input: the bytes are one connection's, cut into frames and fed
/// through a real ingest session (the handshake, then `IngestConnection`, as the server runs them; after an
/// error the agent "reconnects" and the rest goes on) into a fresh server's live cache; then a rule on every
/// alert metric is evaluated, and every page, fragment and API route of every node produced is rendered
/// through the router. A trap anywhere, or a route answering 500, is a crash.
public enum PathInput: Sendable {
    /// How far an input got: snapshots that reached the cache, pages rendered, alerts that fired.
    public struct Outcome: Sendable {
        public var snapshots: Int
        public var pages: Int
        public var firing: Int
    }

    /// Runs one input (the regression tests check that seeds get through every stage).
    public static func run(_ bytes: [UInt8]) async -> Outcome {
        var logger = Logger(label: "path-fuzzer")
        logger.logLevel = .critical
        let configuration = ServerConfiguration(host: "127.0.0.1", httpPort: 0, ingestPort: 0, heapTrimInterval: nil)
        let server: PodwatchServer
        do {
            server = try PodwatchServer(configuration: configuration, logger: logger)
        } catch {
            preconditionFailure("a server with the shared token builds no API client: \(error)")
        }
        Self.ingest(bytes, server)
        await Self.evaluate(server)
        let pages = await Self.render(server, logger)
        return Outcome(
            snapshots: server.counters.values.snapshotsReceived,
            pages: pages,
            firing: server.alerts.alerts(firing: true, resolved: false).count
        )
    }

    private static func ingest(_ bytes: [UInt8], _ server: PodwatchServer) {
        let configuration = server.configuration.ingest
        let cache = server.cache
        let handshake = IngestHandshake(
            configuration: configuration,
            knows: { cache.node($0) != nil },
            nodeCount: { cache.count }
        )
        var stream = ByteBuffer(bytes: bytes)
        let limit = FrameLimit(configuration.helloMaximumLength)
        var framing = FrameDecoder(limit: limit)
        var connection: IngestConnection?
        var now: Int64 = 1_700_000_000_000
        func connect(_ node: String) -> IngestConnection {
            IngestConnection(
                node: node,
                configuration: configuration,
                cache: cache,
                counters: server.counters,
                profiles: server.profiles
            )
        }
        while let frame = try? framing.decode(buffer: &stream) {
            now += 5_000
            guard var current = connection else {
                // The first frame: a real handshake when it is a Hello; otherwise the rest still goes through
                // a session (for a node of our naming), so that mutations need not keep a valid Hello first.
                if case .welcome(let hello, _)? = try? handshake.answer(frame) {
                    limit.raise(to: configuration.maximumFrameLength)
                    connection = connect(hello.nodeName)
                    continue
                }
                limit.raise(to: configuration.maximumFrameLength)
                connection = connect("fuzz-node")
                continue
            }
            if frame.type == .commandResult, case .commandResult(let result, _)? = try? WireMessage.decode(frame) {
                _ = FlameGraphRendering.everything(folded: String(decoding: result.data, as: UTF8.self))
            }
            do {
                try current.receive(frame, wallMilliseconds: now)
            } catch {
                current = connect(current.node)  // the connection ends; the agent reconnects
            }
            connection = current
        }
    }

    /// A rule on every node metric for every node, and on every pod metric for every namespace seen.
    private static func evaluate(_ server: PodwatchServer) async {
        let namespaces = Set(server.cache.all().flatMap { $0.snapshot.pods.map(\.namespace) } + ["_"]).prefix(4)
        for metric in AlertMetric.all.values.sorted(by: { $0.name < $1.name }) {
            let targets: [AlertTarget] =
                metric.scope == .node ? [.node("*")] : namespaces.map { .pods(namespace: $0, podPrefix: "") }
            for target in targets {
                var draft = RuleDraft()
                draft.name = "fuzz \(metric.name)"
                draft.target = target
                draft.metric = metric.name
                draft.comparison = .greater
                draft.threshold = 0
                draft.forSeconds = 0
                draft.channels = []
                _ = try? await server.alerts.createRule(draft, now: 0)
            }
        }
        server.evaluation.evaluateOnce()
        server.evaluation.evaluateOnce()
    }

    /// One channel for every request's context (its address is all a handler reads of it).
    private static let channel = NIOAsyncTestingChannel()

    /// Every path through the router's responder, as the server's HTTP stack calls it (HummingbirdTesting's
    /// router framework leaked ~80 KB per request, which ran a long fuzz out of memory).
    private static func render(_ server: PodwatchServer, _ logger: Logger) async -> Int {
        let router = Router()
        WebRoutes(
            cache: server.cache,
            registry: server.registry,
            counters: server.counters,
            alerts: server.alerts,
            profiles: server.profiles,
            configuration: server.configuration.web
        ).addRoutes(to: router)
        let responder = router.buildResponder()
        let paths = RouteCatalog.paths(server.cache)
        for path in paths {
            let request = Request(
                head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: path),
                body: RequestBody(buffer: ByteBuffer())
            )
            let context = BasicRequestContext(
                source: ApplicationRequestContextSource(channel: Self.channel, logger: logger)
            )
            do {
                let response = try await responder.respond(to: request, context: context)
                precondition(response.status != .internalServerError, "GET \(path) answered 500")
                try await response.body.write(DiscardingWriter())
            } catch let error as any HTTPResponseError {
                precondition(error.status != .internalServerError, "GET \(path) answered 500: \(error)")
            } catch {
                preconditionFailure("GET \(path) failed (a 500): \(error)")
            }
        }
        return paths.count
    }

    /// A response body's bytes, written nowhere (rendering them is what is tested).
    private struct DiscardingWriter: ResponseBodyWriter {
        mutating func write(_ buffer: ByteBuffer) async throws {}
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
