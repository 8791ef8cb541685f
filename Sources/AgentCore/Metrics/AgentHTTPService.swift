public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle

/// `--metrics-port`: the agent's `/metrics` (``AgentMetrics``, Prometheus text) and `/healthz` (200 while a pass
/// finished within three intervals, 503 otherwise) over plain HTTP/1.1; anything else is 404. One response per
/// connection, then it closes: Prometheus and the kubelet's probes open a connection per request anyway.
public struct AgentHTTPService: Service {
    let host: String
    let port: Int
    let metrics: AgentMetrics
    let healthyWithin: Duration
    let logger: Logger
    /// Called with the bound port (tests bind port 0).
    let bound: @Sendable (Int) -> Void

    public init(
        host: String,
        port: Int,
        metrics: AgentMetrics,
        healthyWithin: Duration,
        logger: Logger,
        bound: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.metrics = metrics
        self.healthyWithin = healthyWithin
        self.logger = logger
        self.bound = bound
    }

    public func run() async throws {
        let metrics = self.metrics
        let within = self.healthyWithin
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        AgentHTTPHandler(metrics: metrics, healthyWithin: within)
                    )
                }
            }
            .bind(host: self.host, port: self.port).get()
        self.bound(channel.localAddress?.port ?? 0)
        self.logger.info(
            "Serving /metrics and /healthz",
            metadata: ["address": "\(self.host):\(channel.localAddress?.port ?? 0)"]
        )
        try? await gracefulShutdown()
        try await channel.close()
    }
}

/// Answers one request per connection.
final class AgentHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let metrics: AgentMetrics
    let healthyWithin: Duration
    private var path: String?
    private var method: HTTPMethod = .GET

    init(metrics: AgentMetrics, healthyWithin: Duration) {
        self.metrics = metrics
        self.healthyWithin = healthyWithin
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            self.method = head.method
        case .body:
            break
        case .end:
            let (status, type, body) = self.answer()
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: type)
            headers.add(name: "Content-Length", value: String(body.utf8.count))
            headers.add(name: "Connection", value: "close")
            context.write(
                self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                promise: nil
            )
            context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            let channel = context.channel
            context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    private func answer() -> (HTTPResponseStatus, String, String) {
        guard self.method == .GET || self.method == .HEAD else {
            return (.methodNotAllowed, "text/plain; charset=utf-8", "GET /metrics or /healthz\n")
        }
        switch self.path {
        case "/metrics":
            return (.ok, "text/plain; version=0.0.4; charset=utf-8", self.metrics.exposition())
        case "/healthz":
            return self.metrics.isHealthy(within: self.healthyWithin)
                ? (.ok, "text/plain; charset=utf-8", "ok\n")
                : (.serviceUnavailable, "text/plain; charset=utf-8", "no pass finished recently\n")
        default:
            return (.notFound, "text/plain; charset=utf-8", "not found: GET /metrics or /healthz\n")
        }
    }
}

@available(*, unavailable, message: "lives on its channel's event loop")
extension AgentHTTPHandler: Sendable {}
