import Hummingbird
import Recordings
import Telemetry
import TextTrimming

/// The recordings page and its forms (start, stop, delete): POST, CSRF-checked by the write middleware,
/// redirect-after-post. A refused start comes back as 400 with the reason.
struct RecordingPageRoutes: Sendable {
    let web: WebRoutes

    struct StartForm: Decodable {
        var csrf: String?
        var name: String?
        var nodes: String?
        var namespaces: String?
        var pods: String?
        var processes: String?
        var durationMinutes: String?

        enum CodingKeys: String, CodingKey {
            case csrf, name, nodes, namespaces, pods, processes
            case durationMinutes = "duration_minutes"
        }
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/recordings") { request, _ in
            let (csrf, isNew) = WriteAccess.csrfToken(request)
            let store = self.web.recordings
            return WriteAccess.withCSRF(
                csrf,
                isNew,
                HTMLResponse(
                    html: RecordingsView.page(
                        store?.list(),
                        usedBytes: store?.usedBytes ?? 0,
                        budgetBytes: store?.budgetBytes ?? 0,
                        csrf: csrf,
                        banner: self.web.banner
                    )
                )
            )
        }
        router.post("/recordings") { request, _ in
            let store = try RecordingAPIRoutes(web: self.web).store()
            let form = try await FormBody.decode(StartForm.self, request)
            let minutes = form.durationMinutes.map { String($0.trimmingWhitespace) } ?? ""
            // At most 7 days, checked here: minutes × 60 must not wrap around into a plausible duration.
            guard minutes.isEmpty || Int(minutes).map({ (1...10_080).contains($0) }) == true else {
                throw HTTPError(
                    .badRequest,
                    message: "Minutes must be a whole number from 1 to 10080 (or empty: until stopped)."
                )
            }
            _ = try RecordingAPIRoutes.map {
                try store.start(
                    name: form.name.map { String($0.trimmingWhitespace) } ?? "",
                    scope: RecordingScope(
                        nodes: Self.list(form.nodes),
                        namespaces: Self.list(form.namespaces),
                        pods: Self.list(form.pods),
                        processes: form.processes == "on"
                    ),
                    durationSeconds: Int(minutes).map { $0 * 60 },
                    nowMilliseconds: WallClock.milliseconds()
                )
            }
            return Response.redirect(to: "/recordings", type: .normal)
        }
        router.post("/recordings/{id}/stop") { _, context in
            let id = context.parameters.get("id") ?? ""
            _ = try RecordingAPIRoutes.map {
                try RecordingAPIRoutes(web: self.web).store().stop(id, nowMilliseconds: WallClock.milliseconds())
            }
            return Response.redirect(to: "/recordings", type: .normal)
        }
        router.post("/recordings/{id}/delete") { _, context in
            let id = context.parameters.get("id") ?? ""
            try RecordingAPIRoutes.map { try RecordingAPIRoutes(web: self.web).store().delete(id) }
            return Response.redirect(to: "/recordings", type: .normal)
        }
    }

    /// `a, b c` → ["a", "b", "c"].
    static func list(_ text: String?) -> [String] {
        (text ?? "").split { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }.map(String.init)
    }
}
