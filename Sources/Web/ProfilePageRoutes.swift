import HTTPTypes
import Hummingbird
import Profiles
import Telemetry

/// The profile page and the profile forms (start from a pod page, cancel): POST, CSRF-checked,
/// redirect-after-post.
struct ProfilePageRoutes: Sendable {
    let web: WebRoutes

    struct StartForm: Decodable {
        var csrf: String?
        var node: String?
        var namespace: String?
        var pod: String?
        var durationSeconds: String?
        var frequencyHz: String?

        enum CodingKeys: String, CodingKey {
            case csrf, node, namespace, pod
            case durationSeconds = "duration_seconds"
            case frequencyHz = "frequency_hz"
        }
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/profiles/{id}") { request, context in
            let profile = try self.web.profile(context)
            let (csrf, isNew) = WriteAccess.csrfToken(request)
            return WriteAccess.withCSRF(
                csrf,
                isNew,
                HTMLResponse(html: ProfileView.page(profile, csrf: csrf, banner: self.web.banner))
            )
        }
        router.get("/profiles/{id}/fragment") { request, context in
            let profile = try self.web.profile(context)
            return HTMLResponse(
                html: ProfileView.status(profile, csrf: WriteAccess.csrfToken(request).token, fragment: true)
            )
        }
        router.post("/profiles") { request, _ in
            let form = try await FormBody.decode(StartForm.self, request)
            guard let duration = Int(form.durationSeconds ?? "60"), let frequency = Int(form.frequencyHz ?? "99") else {
                throw HTTPError(.badRequest, message: "Duration and frequency must be whole numbers.")
            }
            let profile = try self.web.startProfile(
                node: form.node ?? "",
                namespace: form.namespace ?? "",
                pod: form.pod ?? "",
                duration: duration,
                frequency: frequency
            )
            return Response.redirect(to: "/profiles/\(profile.id)", type: .normal)
        }
        router.post("/profiles/{id}/cancel") { request, context in
            let profile = try self.web.profile(context)
            _ = self.web.profiles.cancel(id: profile.id, now: WallClock.milliseconds())
            return Response.redirect(to: "/profiles/\(profile.id)", type: .normal)
        }
    }
}
