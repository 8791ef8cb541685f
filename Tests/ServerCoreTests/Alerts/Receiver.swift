import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A local HTTP server standing in for Discord or a webhook endpoint: records every body it is sent and answers
/// from a script (then 204), e.g. 429 with `retry_after`, or 500.
final class Receiver: Sendable {
    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var body: String = ""
    }

    final class State: Sendable {
        let value = Mutex<(script: [Reply], bodies: [String], port: Int?)>(([], [], nil))
        func withLock<T>(
            _ body: (inout sending (script: [Reply], bodies: [String], port: Int?)) -> sending T
        ) -> sending T {
            self.value.withLock(body)
        }
    }

    private let state = State()
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// - Parameter check: answers a body it refuses (as the real service would), or nil to take it.
    init(script: [Reply] = [], check: (@Sendable (String) -> Reply?)? = nil) async throws {
        let state = self.state
        state.withLock { $0.script = script }
        let router = Router()
        router.post("/hook/{secret}") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let text = String(buffer: buffer)
            if let refused = check?(text) {
                return Response(
                    status: refused.status,
                    headers: [.contentType: "text/plain"],
                    body: .init(byteBuffer: ByteBuffer(string: refused.body))
                )
            }
            let reply = state.withLock { current -> Reply in
                current.bodies.append(text)
                return current.script.isEmpty ? Reply(status: .noContent) : current.script.removeFirst()
            }
            return Response(
                status: reply.status,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: reply.body))
            )
        }
        var logger = Logger(label: "receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in state.withLock { $0.port = channel.localAddress?.port } },
            logger: logger
        )
        let group = ServiceGroup(services: [app], logger: logger)
        self.group = group
        self.task = Task { try await group.run() }
        for _ in 0..<500 where state.withLock({ $0.port }) == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The URL to configure; the path carries a "secret" the UI must never show.
    var url: String { "http://127.0.0.1:\(self.state.withLock { $0.port ?? 0 })/hook/s3cr3t-token-part" }

    var bodies: [String] { self.state.withLock { $0.bodies } }

    /// The bodies decoded as JSON objects.
    var messages: [[String: Any]] {
        self.bodies.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    func stop() async {
        await self.group.triggerGracefulShutdown()
        _ = try? await self.task.value
    }
}
