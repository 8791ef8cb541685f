package import Alerting
package import AsyncHTTPClient
package import Foundation
import NIOCore
import NIOHTTP1

/// Posts one notification to its channel and classifies the answer.
package struct NotificationSender: Sendable {
    package let targets: NotificationTargets
    package let client: HTTPClient
    package let timeout: Duration
    /// Where messages link to (`--external-url`); nil = no links.
    package let links: NotificationLinks?

    package init(
        targets: NotificationTargets,
        client: HTTPClient = .shared,
        timeout: Duration,
        links: NotificationLinks? = nil
    ) {
        self.targets = targets
        self.client = client
        self.timeout = timeout
        self.links = links
    }

    package enum Outcome: Sendable, Hashable {
        case delivered
        /// Try again: after the server's `retry_after` when it gave one (429), else after the backoff.
        case retry(afterMilliseconds: Int64?, error: String)
        /// Permanent (a 4xx other than 429, no destination configured).
        case failed(String)
    }

    /// The body `batch` is posted as on its channel.
    package func body(_ batch: NotificationBatch) throws -> Data {
        switch batch.channel {
        case "discord": try NotificationPayload.discord(batch, links: self.links)
        case "slack": try SlackPayload.body(batch, links: self.links)
        default: try NotificationPayload.webhook(batch, links: self.links)
        }
    }

    package func send(_ batch: NotificationBatch) async -> Outcome {
        guard let url = self.targets.url(for: batch.channel) else {
            return .failed(
                "no \(batch.channel) destination configured; start the server with \(NotificationTargets.flag(for: batch.channel))"
            )
        }
        let body: Data
        do {
            body = try self.body(batch)
        } catch {
            return .failed("cannot encode the message: \(error)")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "podwatch-server")
        request.body = .bytes(ByteBuffer(bytes: body))
        let destination = NotificationTargets.masked(url)
        do {
            let response = try await self.client.execute(request, timeout: .init(self.timeout))
            let text = String(buffer: try await response.body.collect(upTo: 64 << 10))
            let status = Int(response.status.code)
            switch status {
            case 200..<300:
                return .delivered
            case 429:
                let after = Self.retryAfter(body: text, header: response.headers.first(name: "Retry-After"))
                return .retry(afterMilliseconds: after, error: "\(destination) answered 429 Too Many Requests")
            case 500..<600, 408:
                return .retry(afterMilliseconds: nil, error: "\(destination) answered \(status) \(Self.snippet(text))")
            default:
                return .failed("\(destination) refused the message: \(status) \(Self.snippet(text))")
            }
        } catch {
            return .retry(afterMilliseconds: nil, error: "cannot reach \(destination): \(Self.describe(error))")
        }
    }

    /// The longest wait a receiver can ask for; a larger `retry_after` is taken as this (a hostile or broken
    /// receiver must not park a notification for years, nor trap the conversion to milliseconds).
    package static let longestRetryAfterSeconds = 300.0

    /// Discord's JSON `retry_after` (seconds, fractional), else the `Retry-After` header (seconds), at most
    /// ``longestRetryAfterSeconds``.
    package static func retryAfter(body: String, header: String?) -> Int64? {
        func milliseconds(_ seconds: Double) -> Int64 {
            Int64((min(seconds, Self.longestRetryAfterSeconds) * 1000).rounded(.up))
        }
        struct Limited: Decodable {
            // swift-format-ignore: AlwaysUseLowerCamelCase
            var retry_after: Double?
        }
        if let parsed = try? JSONDecoder().decode(Limited.self, from: Data(body.utf8)),
            let seconds = parsed.retry_after, seconds.isFinite, seconds >= 0
        {
            return milliseconds(seconds)
        }
        if let header, let seconds = Double(header), seconds.isFinite, seconds >= 0 {
            return milliseconds(seconds)
        }
        return nil
    }

    package static func snippet(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    /// Errors without URLs (AsyncHTTPClient's descriptions do not carry the request URL).
    package static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: type(of: error)) + ": \(error)"
    }
}
