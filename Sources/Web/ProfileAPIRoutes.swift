import Foundation
import HTTPTypes
import Hummingbird
import NodeStore
import Profiles
import Telemetry

/// Profiles under /api/v1 (docs/api.md): start, poll, fetch (folded, JSON tree, SVG), cancel. Writes need the
/// admin token when one is configured.
struct ProfileAPIRoutes: Sendable {
    let web: WebRoutes

    struct StartRequest: Decodable {
        var node: String
        var namespace: String
        var pod: String
        var durationSeconds: Int?
        var frequencyHz: Int?

        enum CodingKeys: String, CodingKey {
            case node, namespace, pod
            case durationSeconds = "duration_seconds"
            case frequencyHz = "frequency_hz"
        }
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/api/v1/profiles") { request, _ in
            let buffer = try await request.body.collect(upTo: 16 << 10)
            let start: StartRequest
            do {
                start = try JSONDecoder().decode(StartRequest.self, from: Data(buffer.readableBytesView))
            } catch {
                throw HTTPError(
                    .badRequest,
                    message: "Expected {\"node\",\"namespace\",\"pod\",\"duration_seconds\",\"frequency_hz\"}: \(error)"
                )
            }
            let profile = try self.web.startProfile(
                node: start.node,
                namespace: start.namespace,
                pod: start.pod,
                duration: start.durationSeconds ?? 60,
                frequency: start.frequencyHz ?? 99
            )
            return EditedResponse(
                status: .accepted,
                headers: [.location: "/api/v1/profiles/\(profile.id)"],
                response: JSONBody(value: profile)
            )
        }
        router.get("/api/v1/profiles") { request, _ in
            let query = request.uri.queryParameters
            return JSONBody(
                value: self.web.profiles.list(
                    node: query.get("node"),
                    namespace: query.get("namespace"),
                    pod: query.get("pod"),
                    now: WallClock.milliseconds()
                )
            )
        }
        router.get("/api/v1/profiles/{id}") { _, context in
            JSONBody(value: try self.web.profile(context))
        }
        router.delete("/api/v1/profiles/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard let profile = self.web.profiles.cancel(id: id, now: WallClock.milliseconds()) else {
                throw HTTPError(.notFound, message: "No profile with id \(id.prefix(40)).")
            }
            return JSONBody(value: profile)
        }
        router.get("/api/v1/profiles/{id}/folded") { _, context in
            let profile = try self.web.finishedProfile(context)
            return Self.download(profile.foldedText, type: "text/plain; charset=utf-8", name: "\(profile.pod).folded")
        }
        router.get("/api/v1/profiles/{id}/json") { _, context in
            let profile = try self.web.finishedProfile(context)
            return JSONBody(value: FlameGraph(folded: profile.foldedText).json)
        }
        router.get("/api/v1/profiles/{id}/svg") { _, context in
            let profile = try self.web.finishedProfile(context)
            let svg = FlameGraphSVG.render(FlameGraph(folded: profile.foldedText), title: profile.title)
            return Self.download(svg.rendered, type: "image/svg+xml", name: "\(profile.pod).svg")
        }
    }

    static func download(_ text: String, type: String, name: String) -> Response {
        let safe = String(name.map { $0.isLetter || $0.isNumber || "-._".contains($0) ? $0 : "_" })
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(safe)\""],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}

extension Profile {
    /// `shop/checkout-7d9 on node-01, 60 s at 99 Hz`.
    var title: String {
        "\(self.namespace)/\(self.pod) on \(self.node), \(self.durationSeconds) s at \(self.frequencyHz) Hz"
    }
}

extension WebRoutes {
    /// Starts a profile of a pod the cache knows; errors become HTTP errors with the reason.
    func startProfile(node: String, namespace: String, pod: String, duration: Int, frequency: Int) throws -> Profile {
        guard let state = self.cache.node(node) else {
            throw HTTPError(.notFound, message: "No node \(node.prefix(80)).")
        }
        guard let summary = PodSummary.pods(of: state).first(where: { $0.namespace == namespace && $0.name == pod })
        else {
            throw HTTPError(.notFound, message: "No pod \(namespace.prefix(80))/\(pod.prefix(80)) on node \(node).")
        }
        do {
            return try self.profiles.start(
                node: node,
                namespace: namespace,
                pod: pod,
                podUID: summary.uid,
                durationSeconds: duration,
                frequencyHz: frequency,
                now: WallClock.milliseconds()
            )
        } catch {
            throw HTTPError(error.httpStatus, message: error.description)
        }
    }

    func profile(_ context: some RequestContext) throws -> Profile {
        let id = context.parameters.get("id") ?? ""
        guard let profile = self.profiles.profile(id: id, now: WallClock.milliseconds()) else {
            throw HTTPError(.notFound, message: "No profile with id \(id.prefix(40)).")
        }
        return profile
    }

    /// A profile whose stacks are ready; 409 with the state (and reason) otherwise.
    func finishedProfile(_ context: some RequestContext) throws -> Profile {
        let profile = try self.profile(context)
        switch profile.state {
        case .done: return profile
        case .failed: throw HTTPError(.conflict, message: "The profile failed: \(profile.reason ?? "unknown reason").")
        case .queued, .running:
            throw HTTPError(.conflict, message: "The profile is \(profile.state.rawValue); poll until done.")
        }
    }
}
