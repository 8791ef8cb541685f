import Alerting
import Foundation
import Logging
public import ServerCore
import ServiceLifecycle
import Synchronization

#if canImport(FoundationNetworking)
public import FoundationNetworking
#endif

/// A real server on loopback with ephemeral ports, for one test.
public final class TestServer: Sendable {
    public let server: PodwatchServer
    private let ports = Ports()
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    public init(
        token: String? = "t0ken",
        ttl: Duration = .seconds(10),
        silence: Duration = .seconds(30),
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws {
        var configuration = ServerConfiguration(
            host: "127.0.0.1",
            httpPort: 0,
            ingestPort: 0,
            token: token,
            ttl: ttl,
            peerSilenceLimit: silence
        )
        // The whole suite runs in parallel on a small machine: a Hello may wait seconds for a busy event loop.
        // Tests of the Hello timeout set their own.
        configuration.helloTimeout = .seconds(30)
        // Tests count the rules they make; DefaultRulesTests turns the defaults back on.
        configuration.defaultRules = false
        // Notifications go out at once unless a test groups them (the storm and grouping tests set their own).
        configuration.notificationGrouping = NotificationGrouping(waitMilliseconds: 0, intervalMilliseconds: 0)
        configure(&configuration)
        let ports = self.ports
        var logger = Logger(label: "test-server")
        logger.logLevel = ProcessInfo.processInfo.environment["PODWATCH_TEST_LOG"] == "1" ? .info : .critical
        self.server = try PodwatchServer(configuration: configuration, logger: logger) { ingest, http in
            ports.value.withLock { current in
                if let ingest { current.ingest = ingest }
                if let http { current.http = http }
            }
        }
        let group = ServiceGroup(services: self.server.services, logger: logger)
        self.group = group
        self.task = Task { try await group.run() }
        for _ in 0..<500 {
            if self.ingestPort != 0 && self.httpPort != 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("server did not bind")
    }

    public var ingestPort: Int { self.ports.value.withLock { $0.ingest ?? 0 } }
    public var httpPort: Int { self.ports.value.withLock { $0.http ?? 0 } }

    /// The bound ports, filled in by the server's callbacks.
    final class Ports: Sendable {
        let value = Mutex<(ingest: Int?, http: Int?)>((nil, nil))
    }

    public func stop() async {
        await self.group.triggerGracefulShutdown()
        _ = try? await self.task.value
    }

    /// GET a path from the web server: status and body.
    public func get(_ path: String) async throws -> (status: Int, body: String) {
        guard let url = URL(string: "http://127.0.0.1:\(self.httpPort)\(path)") else {
            throw TestFailure("bad path \(path)")
        }
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Any request: status, body and headers.
    public func request(
        _ method: String,
        _ path: String,
        body: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, body: String, headers: [String: String]) {
        guard let url = URL(string: "http://127.0.0.1:\(self.httpPort)\(path)") else {
            throw TestFailure("bad path \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        request.httpShouldHandleCookies = false
        // The API takes JSON only; tests that mean to send something else say so in `headers`.
        if path.hasPrefix("/api/"), body != nil {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.noRedirects.data(for: request)
        let http = response as? HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), fields)
    }

    /// A session that returns redirects (303 after a form post) instead of following them.
    /// Cookies are never stored: each test sends exactly the cookies it means to.
    public static let noRedirects: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(
            _ session: URLSession,
            task: URLSessionTask,
            willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest,
            completionHandler: @escaping @Sendable (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    /// Waits until `condition` holds (the server processes frames asynchronously).
    public func eventually(
        _ what: String,
        timeout: Duration = .seconds(30),
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("timed out waiting for: \(what)")
    }
}
