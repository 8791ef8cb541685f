import AlertEngine
import Alerting
import Hummingbird
import Profiles
import Telemetry

/// One alert: `/api/v1/alerts/{id}` (JSON with its context), `/alerts/{id}` (its page: the top processes or pods
/// at fire time, the profile), and `/alerts/{id}/profile` (the flame graph of the profile taken when it fired,
/// from the server's memory or, after a restart, the database).
struct AlertDetailRoutes: Sendable {
    let web: WebRoutes

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/api/v1/alerts/{id}") { _, context in
            JSONBody(value: AlertJSON(try await self.alert(context)))
        }
        router.get("/alerts/{id}") { request, context in
            let alert = try await self.alert(context)
            let (csrf, isNew) = WriteAccess.csrfToken(request)
            let mayWrite = AlertPageRoutes(web: self.web).access.mayWrite(request)
            return WriteAccess.withCSRF(
                csrf,
                isNew,
                HTMLResponse(
                    html: AlertDetailView.page(
                        alert,
                        csrf: csrf,
                        mayWrite: mayWrite,
                        now: WallClock.milliseconds(),
                        banner: self.web.banner
                    )
                )
            )
        }
        router.get("/alerts/{id}/profile") { _, context in
            let alert = try await self.alert(context)
            let folded = try await self.stacks(alert)
            return HTMLResponse(html: AlertDetailView.flameGraph(alert, folded: folded, banner: self.web.banner))
        }
        router.get("/alerts/{id}/profile/folded") { _, context in
            let alert = try await self.alert(context)
            let folded = try await self.stacks(alert)
            return ProfileAPIRoutes.download(
                String(decoding: folded, as: UTF8.self),
                type: "text/plain; charset=utf-8",
                name: "\(alert.subject.pod).folded"
            )
        }
    }

    func alert(_ context: some RequestContext) async throws -> Alert {
        let id = context.parameters.get("id") ?? ""
        let found = try await AlertAPIRoutes.map { () async throws(AlertCenterError) in
            try await self.web.alerts.lookup(id: id)
        }
        guard let found else { throw HTTPError(.notFound, message: "No alert with id \(id.prefix(40)).") }
        return found
    }

    /// The alert's profile stacks; 404 when it has none (yet).
    func stacks(_ alert: Alert) async throws -> [UInt8] {
        guard let profile = alert.context?.profile else {
            throw HTTPError(.notFound, message: "This alert's rule did not ask for a profile.")
        }
        guard profile.state == .done else {
            let why = profile.reason.map { ": \($0)" } ?? ""
            throw HTTPError(.notFound, message: "The alert's profile is \(profile.state.rawValue)\(why).")
        }
        if let live = self.web.profiles.profile(id: profile.id, now: WallClock.milliseconds()), live.state == .done {
            return live.folded
        }
        let stored = try await AlertAPIRoutes.map { () async throws(AlertCenterError) in
            try await self.web.alerts.storedProfile(alertID: alert.id)
        }
        guard let stored else { throw HTTPError(.notFound, message: "The alert's profile stacks are not stored.") }
        return stored
    }
}
