import Foundation
import Hummingbird
import NIOCore
import Synchronization
import TLSTesting

/// A stand-in for the Kubernetes API server that speaks its wire shapes over TLS: bearer tokens (401 with a
/// Status on a bad one), LIST with `fieldSelector` and a resourceVersion, WATCH as a chunked stream of JSON
/// lines replayed from the requested version, bookmarks, 410 Expired as an ERROR event inside a 200 stream
/// after a compaction, `timeoutSeconds`, and going away (stop) and coming back on the same port.
final class FakeAPIServer: Sendable {
    struct Event: Sendable {
        var version: Int
        var type: String
        var json: String
        var field: String
    }

    struct Watcher: Sendable {
        var resource: String
        var field: String
        var continuation: AsyncStream<String>.Continuation
    }

    struct Recorded: Sendable {
        var path: String
        var query: [String: String]
        var token: String?
    }

    struct State: Sendable {
        var version = 100
        var compactedBelow = 0
        /// resource → name → (object JSON, selector field value)
        var objects: [String: [String: (json: String, field: String)]] = ["pods": [:], "nodes": [:]]
        var events: [String: [Event]] = ["pods": [], "nodes": []]
        var watchers: [UUID: Watcher] = [:]
        var tokens: Set<String>
        var requests: [Recorded] = []
        var port: Int?
    }

    let state: Mutex<State>
    let certificates: TestCertificates
    private let running = Mutex<TLSTestApp?>(nil)

    init(certificates: TestCertificates, tokens: Set<String>) async throws {
        self.certificates = certificates
        self.state = Mutex(State(tokens: tokens))
        try await self.start()
    }

    var server: String { "https://127.0.0.1:\(self.state.withLock { $0.port ?? 0 })" }
    var requests: [Recorded] { self.state.withLock { $0.requests } }
    var openWatches: Int { self.state.withLock { $0.watchers.count } }

    func accept(tokens: Set<String>) { self.state.withLock { $0.tokens = tokens } }

    // MARK: Objects

    /// Adds or replaces an object (a Pod or Node as JSON) and tells matching watchers.
    func put(_ resource: String, name: String, field: String, json: String) throws {
        try self.change(resource, name: name, field: field, json: json, deleted: false)
    }

    func delete(_ resource: String, name: String) throws {
        guard let current = self.state.withLock({ $0.objects[resource]?[name] }) else { return }
        try self.change(resource, name: name, field: current.field, json: current.json, deleted: true)
    }

    private func change(_ resource: String, name: String, field: String, json: String, deleted: Bool) throws {
        guard var object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            var metadata = object["metadata"] as? [String: Any]
        else { throw FakeError("not an object with metadata") }
        let lines = self.state.withLock { state -> [(Watcher, String)] in
            state.version += 1
            metadata["resourceVersion"] = String(state.version)
            object["metadata"] = metadata
            let text = String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
            let type = deleted ? "DELETED" : state.objects[resource]?[name] == nil ? "ADDED" : "MODIFIED"
            state.objects[resource]?[name] = deleted ? nil : (text, field)
            let line = "{\"type\":\"\(type)\",\"object\":\(text)}"
            state.events[resource, default: []].append(
                Event(version: state.version, type: type, json: line, field: field)
            )
            return state.watchers.values.filter { $0.resource == resource && $0.field == field }.map { ($0, line) }
        }
        for (watcher, line) in lines { watcher.continuation.yield(line) }
    }

    /// Sends a BOOKMARK at the current version to every watcher.
    func bookmark() {
        let (watchers, version) = self.state.withLock { (Array($0.watchers.values), $0.version) }
        for watcher in watchers {
            let kind = watcher.resource == "pods" ? "Pod" : "Node"
            watcher.continuation.yield(
                "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"\(kind)\",\"apiVersion\":\"v1\","
                    + "\"metadata\":{\"resourceVersion\":\"\(version)\"}}}"
            )
        }
    }

    /// Forgets history (like etcd compaction): watchers get a 410 ERROR event inside their 200 stream, and
    /// any WATCH from an older version gets the same.
    func compact() {
        let watchers = self.state.withLock { state -> [Watcher] in
            state.compactedBelow = state.version + 1
            state.events = state.events.mapValues { _ in [] }
            let watchers = Array(state.watchers.values)
            state.watchers = [:]
            return watchers
        }
        for watcher in watchers {
            watcher.continuation.yield(Self.expired)
            watcher.continuation.finish()
        }
    }

    static let expired =
        "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
        + "\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\",\"code\":410}}"

    // MARK: Lifecycle

    /// Starts serving (again, on the same port after ``stop()``).
    func start() async throws {
        let port = self.state.withLock { $0.port } ?? 0
        let app = try await TLSTestApp.start(router: self.router(), certificates: self.certificates, port: port)
        self.state.withLock { $0.port = app.port }
        self.running.withLock { $0 = app }
        // Wait until the port accepts connections (a restart reuses it).
        try await Task.sleep(for: .milliseconds(100))
    }

    /// Goes away: every open watch ends and the port stops answering.
    func stop() async {
        let watchers = self.state.withLock { state -> [Watcher] in
            defer { state.watchers = [:] }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.continuation.finish() }
        let app = self.running.withLock { running in
            defer { running = nil }
            return running
        }
        await app?.stop()
    }

    // MARK: HTTP

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        for resource in ["pods", "nodes"] {
            router.get("/api/v1/\(resource)") { request, _ -> Response in
                try await self.handle(resource: resource, request: request)
            }
        }
        return router
    }

    private func handle(resource: String, request: Request) async throws -> Response {
        let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }) { $1 }
        let authorization = request.headers[.authorization]
        let token = authorization.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let accepted = self.state.withLock { state -> Bool in
            state.requests.append(Recorded(path: request.uri.path, query: query, token: token))
            return token.map(state.tokens.contains) ?? false
        }
        guard accepted else {
            return Self.json(
                .unauthorized,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                    + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}"
            )
        }
        let selector = query["fieldSelector"] ?? ""
        let field = selector.split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
        if query["watch"] == "1" || query["watch"] == "true" {
            return self.watch(resource: resource, field: field, query: query)
        }
        let (items, version) = self.state.withLock { state in
            ((state.objects[resource] ?? [:]).values.filter { $0.field == field }.map(\.json), state.version)
        }
        let kind = resource == "pods" ? "PodList" : "NodeList"
        return Self.json(
            .ok,
            "{\"kind\":\"\(kind)\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"\(version)\"},"
                + "\"items\":[\(items.joined(separator: ","))]}"
        )
    }

    private func watch(resource: String, field: String, query: [String: String]) -> Response {
        let from = Int(query["resourceVersion"] ?? "") ?? 0
        let timeout = Int(query["timeoutSeconds"] ?? "") ?? 1800
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let id = UUID()
        self.state.withLock { state in
            if from < state.compactedBelow - 1 {
                continuation.yield(Self.expired)
                continuation.finish()
                return
            }
            for event in state.events[resource] ?? [] where event.version > from && event.field == field {
                continuation.yield(event.json)
            }
            state.watchers[id] = Watcher(resource: resource, field: field, continuation: continuation)
        }
        continuation.onTermination = { _ in _ = self.state.withLock { $0.watchers.removeValue(forKey: id) } }
        let ender = Task {
            try await Task.sleep(for: .seconds(timeout))
            continuation.finish()
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody { writer in
                defer { ender.cancel() }
                for await line in stream {
                    // Each event in two chunks, split mid-line, as a real stream may deliver it.
                    let bytes = Array((line + "\n").utf8)
                    let half = bytes.count / 2
                    try await writer.write(ByteBuffer(bytes: bytes[..<half]))
                    try await Task.sleep(for: .milliseconds(2))
                    try await writer.write(ByteBuffer(bytes: bytes[half...]))
                }
                try await writer.finish(nil)
            }
        )
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }

    struct FakeError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
