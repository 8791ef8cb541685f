import AsyncHTTPClient
import Foundation
public import Kube
import NIOCore
import NIOHTTP1
import NIOSSL

/// LIST and WATCH against the API server over one AsyncHTTPClient (its own connection pool and TLS setup).
/// The bearer token is read before every request, so a rotated service-account token is picked up at the next
/// LIST or WATCH. Call ``shutdown()`` when done.
public final class KubeAPIClient: Sendable {
    public let access: ClusterAccess
    private let client: HTTPClient
    private let userAgent: String
    /// A LIST larger than this is refused (one node's pods are far below it).
    static let maximumListBytes = 256 << 20
    /// One object (a Pod, a TokenReview) larger than this is refused.
    static let maximumObjectBytes = 1 << 20

    public init(access: ClusterAccess, userAgent: String = "podwatch-agent") throws(KubeAPIError) {
        self.access = access
        self.userAgent = userAgent
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            switch access.trust {
            case .file(let path): tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            case .pem(let bytes): tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(bytes))
            case .system: break
            case .insecure: tls.certificateVerification = .none
            }
            if case .clientCertificate(let certificate, let key) = access.credentials {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            }
        } catch {
            throw KubeAPIError(status: nil, "cannot load the cluster's TLS material: \(error)")
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        // No read timeout: a watch is quiet for minutes; each request carries its own deadline instead.
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10))
        configuration.decompression = .disabled
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async {
        try? await self.client.shutdown()
    }

    /// One page-by-page LIST of `path` (e.g. `/api/v1/pods`) with a field selector.
    public func list<Object: Decodable & Sendable>(
        _ type: Object.Type,
        path: String,
        fieldSelector: String
    ) async throws(KubeAPIError) -> KubeList<Object> {
        var items: [Object] = []
        var continueToken: String?
        var version: String?
        repeat {
            var query = [("fieldSelector", fieldSelector), ("limit", "500")]
            if let continueToken { query.append(("continue", continueToken)) }
            let (response, label) = try await self.get(path: path, query: query, deadline: .seconds(60))
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: Self.maximumListBytes)
            } catch {
                throw KubeAPIError(status: nil, "\(label): reading the answer failed: \(error)")
            }
            let page: KubeList<Object>
            do {
                page = try JSONDecoder().decode(KubeList<Object>.self, from: Data(body.readableBytesView))
            } catch {
                throw KubeAPIError(status: nil, "\(label): the answer is not a list: \(error)")
            }
            items += page.items
            version = page.metadata.resourceVersion
            continueToken = page.metadata.continueToken.flatMap { $0.isEmpty ? nil : $0 }
        } while continueToken != nil
        return KubeList(metadata: .init(resourceVersion: version), items: items)
    }

    /// WATCHes `path` from `resourceVersion` until the server ends the stream (after `timeoutSeconds`), calling
    /// `handle` for each event in order. Returns normally when the stream ends; an ERROR event is handed to
    /// `handle` like any other (a 410 arrives that way).
    public func watch<Object: Decodable & Sendable>(
        _ type: Object.Type,
        path: String,
        fieldSelector: String,
        resourceVersion: String,
        timeoutSeconds: Int,
        handle: (WatchEvent<Object>) async throws(KubeAPIError) -> Void
    ) async throws(KubeAPIError) {
        let query = [
            ("fieldSelector", fieldSelector), ("watch", "1"), ("resourceVersion", resourceVersion),
            ("allowWatchBookmarks", "true"), ("timeoutSeconds", String(timeoutSeconds)),
        ]
        let (response, label) = try await self.get(
            path: path,
            query: query,
            deadline: .seconds(Int64(timeoutSeconds) + 30)
        )
        var splitter = LineSplitter()
        do {
            for try await chunk in response.body {
                for line in try splitter.push(chunk.readableBytesView) {
                    let event: WatchEvent<Object>
                    do {
                        event = try WatchEvent<Object>.decode(line: line)
                    } catch {
                        throw KubeAPIError(status: nil, "\(label): a watch event could not be read: \(error)")
                    }
                    try await handle(event)
                }
            }
        } catch let error as KubeAPIError {
            throw error
        } catch {
            throw KubeAPIError(status: nil, "\(label): the watch stream broke: \(error)")
        }
    }

    /// GETs one object (`/api/v1/namespaces/NS/pods/NAME`); a 404 is an error with status 404.
    public func object<Object: Decodable & Sendable>(
        _ type: Object.Type,
        path: String,
        deadline: Duration
    ) async throws(KubeAPIError) -> Object {
        let (response, label) = try await self.get(path: path, query: [], deadline: deadline)
        return try await Self.decode(type, from: response, label: label)
    }

    /// GETs a plain-text answer (the kubelet's `/healthz`, its `/metrics*`), at most `maximumBytes`.
    public func text(
        path: String,
        deadline: Duration,
        maximumBytes: Int = 64 << 10
    ) async throws(KubeAPIError) -> String {
        let (response, label) = try await self.get(path: path, query: [], deadline: deadline)
        do {
            let body = try await response.body.collect(upTo: maximumBytes)
            return String(decoding: body.readableBytesView, as: UTF8.self)
        } catch {
            throw KubeAPIError(status: nil, "\(label): reading the answer failed: \(error)")
        }
    }

    /// POSTs `body` to a create-only resource (`…/tokenreviews`) and decodes the object the API answers with.
    public func create<Body: Encodable & Sendable, Object: Decodable & Sendable>(
        _ body: Body,
        path: String,
        answer type: Object.Type,
        deadline: Duration
    ) async throws(KubeAPIError) -> Object {
        let encoded: Data
        do {
            encoded = try JSONEncoder().encode(body)
        } catch {
            throw KubeAPIError(status: nil, "POST \(path): the request could not be encoded: \(error)")
        }
        let (response, label) = try await self.send(
            .POST,
            path: path,
            query: [],
            body: encoded,
            deadline: deadline,
            accepted: [.ok, .created]
        )
        return try await Self.decode(type, from: response, label: label)
    }

    /// Server-side apply: PATCHes `object` (JSON, which is YAML) to its path as `fieldManager`, taking over fields
    /// other managers set (`force`, as `kubectl apply --server-side --force-conflicts`). Returns 200 or 201.
    public func apply(
        _ object: [UInt8],
        path: String,
        fieldManager: String,
        deadline: Duration
    ) async throws(KubeAPIError) -> Int {
        let (response, _) = try await self.send(
            .PATCH,
            path: path,
            query: [("fieldManager", fieldManager), ("force", "true")],
            body: Data(object),
            deadline: deadline,
            accepted: [.ok, .created],
            contentType: "application/apply-patch+yaml"
        )
        _ = try? await response.body.collect(upTo: Self.maximumObjectBytes)
        return Int(response.status.code)
    }

    private static func decode<Object: Decodable>(
        _ type: Object.Type,
        from response: HTTPClientResponse,
        label: String
    ) async throws(KubeAPIError) -> Object {
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.maximumObjectBytes)
        } catch {
            throw KubeAPIError(status: nil, "\(label): reading the answer failed: \(error)")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        } catch {
            throw KubeAPIError(status: nil, "\(label): the answer is not a \(type): \(error)")
        }
    }

    private func get(
        path: String,
        query: [(String, String)],
        deadline: Duration
    ) async throws(KubeAPIError) -> (HTTPClientResponse, String) {
        try await self.send(.GET, path: path, query: query, body: nil, deadline: deadline, accepted: [.ok])
    }

    /// Sends a request and checks the status; any other answer becomes an error carrying the API's Status message.
    private func send(
        _ method: HTTPMethod,
        path: String,
        query: [(String, String)],
        body: Data?,
        deadline: Duration,
        accepted: [HTTPResponseStatus],
        contentType: String = "application/json"
    ) async throws(KubeAPIError) -> (HTTPClientResponse, String) {
        let label = "\(method) \(path)"
        let token: String?
        do {
            token = try self.access.bearerToken()
        } catch {
            throw KubeAPIError(error)
        }
        let url = self.access.server + path + (query.isEmpty ? "" : "?" + Self.encode(query))
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: self.userAgent)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await self.client.execute(request, timeout: deadline.timeAmount)
        } catch {
            throw KubeAPIError(status: nil, "\(label): \(error)")
        }
        guard accepted.contains(response.status) else {
            let status = Int(response.status.code)
            let body = (try? await response.body.collect(upTo: 64 << 10)).map { Data($0.readableBytesView) } ?? Data()
            let message = (try? JSONDecoder().decode(KubeStatus.self, from: body))?.message
            let detail = message.map { ": \($0)" } ?? ""
            throw KubeAPIError(status: status, "\(label): \(status) \(response.status.reasonPhrase)\(detail)")
        }
        return (response, label)
    }

    /// `a=b&c=d` with every value percent-encoded (selectors carry `=` and `,`).
    static func encode(_ query: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return query.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}

extension Duration {
    /// Whole seconds, for AsyncHTTPClient's deadline.
    var timeAmount: TimeAmount { .seconds(self.components.seconds) }
}
