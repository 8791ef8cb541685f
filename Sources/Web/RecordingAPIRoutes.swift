import Foundation
import HTTPTypes
import Hummingbird
import Recordings
import Telemetry

/// Recordings under /api/v1 (docs/api.md): start, list, get, stop, download (one tar archive), delete. Writes
/// need the admin token when one is configured.
struct RecordingAPIRoutes: Sendable {
    let web: WebRoutes

    struct StartRequest: Decodable {
        var name: String
        var nodes: [String]?
        var namespaces: [String]?
        var pods: [String]?
        var processes: Bool?
        var durationSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case name, nodes, namespaces, pods, processes
            case durationSeconds = "duration_seconds"
        }
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/api/v1/recordings") { request, _ in
            let store = try self.store()
            let buffer = try await request.body.collect(upTo: 64 << 10)
            let start: StartRequest
            do {
                start = try JSONDecoder().decode(StartRequest.self, from: Data(buffer.readableBytesView))
            } catch {
                throw HTTPError(
                    .badRequest,
                    message: "Expected {\"name\", \"nodes\", \"namespaces\", \"pods\", \"processes\", "
                        + "\"duration_seconds\"}: \(error)"
                )
            }
            let recording = try Self.map {
                try store.start(
                    name: start.name,
                    scope: RecordingScope(
                        nodes: start.nodes ?? [],
                        namespaces: start.namespaces ?? [],
                        pods: start.pods ?? [],
                        processes: start.processes ?? false
                    ),
                    durationSeconds: start.durationSeconds,
                    nowMilliseconds: WallClock.milliseconds()
                )
            }
            return EditedResponse(
                status: .created,
                headers: [.location: "/api/v1/recordings/\(recording.id)"],
                response: JSONBody(value: recording)
            )
        }
        router.get("/api/v1/recordings") { _, _ in
            JSONBody(value: try self.store().list())
        }
        router.get("/api/v1/recordings/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            return JSONBody(value: try Self.map { try self.store().get(id) })
        }
        router.post("/api/v1/recordings/{id}/stop") { _, context in
            let id = context.parameters.get("id") ?? ""
            return JSONBody(
                value: try Self.map { try self.store().stop(id, nowMilliseconds: WallClock.milliseconds()) }
            )
        }
        router.delete("/api/v1/recordings/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            try Self.map { try self.store().delete(id) }
            return Response(status: .noContent)
        }
        router.get("/api/v1/recordings/{id}/archive") { _, context in
            let id = context.parameters.get("id") ?? ""
            let archive = try Self.map { try self.store().archive(id) }
            // Streamed: a recording may be gigabytes; the server's memory limit is not.
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/x-tar",
                    .contentDisposition: "attachment; filename=\"\(archive.filename)\"",
                ],
                body: ResponseBody(contentLength: archive.length) { writer in
                    try await archive.write { try await writer.write(ByteBuffer(bytes: $0)) }
                    try await writer.finish(nil)
                }
            )
        }
    }

    func store() throws -> RecordingStore {
        guard let store = self.web.recordings else {
            throw HTTPError(.serviceUnavailable, message: RecordingError.disabled.message)
        }
        return store
    }

    /// Runs a store call, turning its refusals into HTTP errors.
    static func map<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RecordingError {
            throw HTTPError(error.httpStatus, message: error.message)
        }
    }
}
