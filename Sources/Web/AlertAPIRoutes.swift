import AlertEngine
import Alerting
import Foundation
import HTTPTypes
import Hummingbird
import Telemetry

/// Rules and alerts under /api/v1 (docs/api.md). Writes need the admin token when one is configured.
struct AlertAPIRoutes: Sendable {
    let web: WebRoutes
    static let maximumBody = 64 << 10

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/api/v1/rules") { _, _ in JSONBody(value: self.web.alerts.rules) }
        router.post("/api/v1/rules") { request, _ in
            let draft = try await Self.draft(request)
            let rule = try await Self.map { () async throws(AlertCenterError) in
                try await self.web.alerts.createRule(draft, now: WallClock.milliseconds())
            }
            return EditedResponse(
                status: .created,
                headers: [.location: "/api/v1/rules/\(rule.id)"],
                response: JSONBody(value: rule)
            )
        }
        router.get("/api/v1/rules/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let rule = self.web.alerts.rule(id: id) else {
                throw HTTPError(.notFound, message: "No rule with id \(id.prefix(40)).")
            }
            return JSONBody(value: rule)
        }
        router.patch("/api/v1/rules/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            let draft = try await Self.draft(request)
            let rule = try await Self.map { () async throws(AlertCenterError) in
                try await self.web.alerts.updateRule(id: id, draft, now: WallClock.milliseconds())
            }
            return JSONBody(value: rule)
        }
        router.delete("/api/v1/rules/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            try await Self.map { () async throws(AlertCenterError) in
                try await self.web.alerts.deleteRule(id: id, now: WallClock.milliseconds())
            }
            return HTTPResponse.Status.noContent
        }
        router.get("/api/v1/alerts") { request, _ in
            let state = request.uri.queryParameters.get("state") ?? "firing"
            guard ["firing", "resolved", "all"].contains(state) else {
                throw HTTPError(
                    .badRequest,
                    message: "state: '\(state.prefix(20))' is not one of firing, resolved, all"
                )
            }
            let alerts = self.web.alerts.alerts(firing: state != "resolved", resolved: state != "firing")
            return JSONBody(value: alerts.map(AlertJSON.init))
        }
        router.post("/api/v1/alerts/{id}/dismiss") { request, context in
            let id = context.parameters.get("id") ?? ""
            let outcome = try await Self.map { () async throws(AlertCenterError) in
                try await self.web.alerts.requestDismiss(alertID: id, now: WallClock.milliseconds())
            }
            // 202 when another replica leads: it applies the dismissal within a second.
            return switch outcome {
            case .dismissed(let alert): EditedResponse(status: .ok, response: JSONBody(value: AlertJSON(alert)))
            case .forwarded(let alert, _):
                EditedResponse(status: .accepted, response: JSONBody(value: AlertJSON(alert)))
            }
        }
        router.get("/api/v1/alerts/history") { request, _ in
            let window = try HistoryWindow(request.uri.queryParameters, now: WallClock.milliseconds())
            let page = try await Self.map { () async throws(AlertCenterError) in
                try await self.web.alerts.history(
                    since: window.since,
                    until: window.until,
                    limit: window.limit,
                    offset: window.offset
                )
            }
            let next = window.offset + page.alerts.count
            return JSONBody(
                value: HistoryJSON(
                    alerts: page.alerts.map(AlertJSON.init),
                    total: page.total,
                    limit: window.limit,
                    offset: window.offset,
                    nextOffset: next < page.total ? next : nil,
                    since: Timestamp.rfc3339(milliseconds: window.since),
                    until: Timestamp.rfc3339(milliseconds: window.until)
                )
            )
        }
    }

    static func draft(_ request: Request) async throws -> RuleDraft {
        let buffer = try await request.body.collect(upTo: Self.maximumBody)
        do {
            return try RuleDraft.decode(json: Data(buffer.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, message: error.message)
        }
    }

    /// Runs an alert-center call, turning its errors into HTTP errors.
    @discardableResult
    static func map<T>(_ body: () async throws(AlertCenterError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw HTTPError(error.httpStatus, message: error.description)
        }
    }
}

/// Any encodable value as a JSON response.
struct JSONBody<Value: Encodable & Sendable>: ResponseEncodable {
    var value: Value

    func encode(to encoder: any Encoder) throws {
        try self.value.encode(to: encoder)
    }
}

struct HistoryJSON: Encodable, Sendable {
    var alerts: [AlertJSON]
    var total: Int
    var limit: Int
    var offset: Int
    var nextOffset: Int?
    var since: String
    var until: String

    enum CodingKeys: String, CodingKey {
        case alerts, total, limit, offset, since, until
        case nextOffset = "next_offset"
    }
}
