import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The server's JSON API over HTTP(S). Every answer is checked here: a status that is not 2xx becomes a
/// `CLIError` carrying the server's own message, and a body is read up to 64 MiB.
struct ServerClient: Sendable {
    let base: String
    let readToken: String?
    let adminToken: String?
    let timeout: TimeAmount
    /// The system's trust (HTTPClient.shared), or a client trusting only `--ca-file`'s CA.
    let trust: TLSConfiguration?

    static let maximumBody = 64 << 20

    init(server: String, readToken: String?, adminToken: String?, timeout: TimeAmount, caFile: String? = nil) throws {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw CLIError(.usage, "'\(server)' is not a server URL: give --server http://HOST:PORT")
        }
        self.base = base
        self.readToken = readToken
        self.adminToken = adminToken
        self.timeout = timeout
        if let caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw CLIError(.usage, "--ca-file \(caFile): not a PEM certificate (\(error))")
            }
            self.trust = tls
        } else {
            self.trust = nil
        }
    }

    /// Path segments as the server expects them (any printable character may be in a node or pod name).
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func get(_ path: String) async throws -> [UInt8] {
        try await self.send(.GET, path).body
    }

    func getJSON(_ path: String) async throws -> JSONValue {
        try JSONValue.decode(try await self.get(path), what: path)
    }

    func decode<T: Decodable>(_ type: T.Type, _ path: String) async throws -> T {
        try await self.fetch(type, path).value
    }

    /// The answer both as the tables read it and as it came (for -o json and -o yaml), from one request.
    func fetch<T: Decodable>(_ type: T.Type, _ path: String) async throws -> (value: T, json: JSONValue) {
        let body = try await self.get(path)
        let json = try JSONValue.decode(body, what: path)
        do {
            return (try JSONDecoder().decode(T.self, from: Data(body)), json)
        } catch {
            throw CLIError(.refused, "the server's answer for \(path) is not what this CLI understands: \(error)")
        }
    }

    /// Any request; writes carry the admin token.
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, json: [UInt8]? = nil) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: self.base + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "podwatch-cli")
        let token = method == .GET ? self.readToken : self.adminToken
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            (response, body) = try await self.exchange(request)
        } catch let error as NIOTooManyBytesError {
            throw CLIError(.refused, "the server's answer for \(path) is over 64 MiB (\(error))")
        } catch {
            throw CLIError(
                .unavailable,
                "cannot reach the Podwatch server at \(self.base) (\(error)): is it running? "
                    + "Give its address with --server or PODWATCH_SERVER"
            )
        }
        let bytes = Array(body.readableBytesView)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else { throw self.failure(status, bytes, method: method, path: path) }
        return (status, bytes)
    }

    /// One request and its whole answer, through the shared client, or one trusting `--ca-file` (shut down after).
    private func exchange(_ request: HTTPClientRequest) async throws -> (HTTPClientResponse, ByteBuffer) {
        guard let trust = self.trust else {
            let response = try await HTTPClient.shared.execute(request, timeout: self.timeout)
            return (response, try await response.body.collect(upTo: Self.maximumBody))
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: trust))
        do {
            let response = try await client.execute(request, timeout: self.timeout)
            let body = try await response.body.collect(upTo: Self.maximumBody)
            try? await client.shutdown()
            return (response, body)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func failure(_ status: Int, _ body: [UInt8], method: HTTPMethod, path: String) -> CLIError {
        let said = Self.message(body)
        switch status {
        case 401, 403:
            let hint =
                method == .GET
                ? "give the read token with --token or PODWATCH_TOKEN"
                : "writes need the admin token: --admin-token or PODWATCH_ADMIN_TOKEN"
            return CLIError(.unauthorized, "the server refused the token (\(status)): \(hint)")
        case 404:
            return CLIError(.notFound, said.isEmpty ? "not found: \(path)" : said)
        case 503:
            return CLIError(.unavailable, "the server cannot do that now (503): \(said)")
        default:
            return CLIError(.refused, "the server refused \(method.rawValue) \(path) (\(status)): \(said)")
        }
    }

    /// The server's `{"error":{"message":…}}`, or its text, on one line and clipped.
    static func message(_ body: [UInt8]) -> String {
        let text: String
        if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)),
            let message = value["error"]?["message"]?.string
        {
            text = message
        } else {
            text = String(decoding: body.prefix(2000), as: UTF8.self)
        }
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return Table.printable(line, limit: 400)
    }
}
