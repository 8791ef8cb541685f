import AlertEngine
import Alerting
import HTTPTypes
import Hummingbird
import Ingest
import Telemetry

/// The /alerts pages and their forms (POST, CSRF-checked, redirect-after-post), and the admin login.
struct AlertPageRoutes: Sendable {
    let web: WebRoutes
    var access: WriteAccess { WriteAccess(adminToken: self.web.configuration.adminToken, sessions: self.web.sessions) }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/alerts") { request, _ in
            await self.page(request, form: nil, problems: [], status: .ok)
        }
        router.get("/alerts/fragments/active") { request, _ in
            let csrf = WriteAccess.csrfToken(request).token
            return HTMLResponse(
                html: AlertsView.active(
                    await self.context(request, csrf: csrf, form: nil, problems: [], history: false)
                )
            )
        }
        router.post("/alerts/rules") { request, context in
            let form = try await FormBody.decode(RuleForm.self, request)
            let (draft, problems) = form.draft()
            guard problems.isEmpty else {
                return try await self.page(request, form: form, problems: problems, status: .badRequest).response(
                    from: request,
                    context: context
                )
            }
            do throws(AlertCenterError) {
                _ = try await self.web.alerts.createRule(draft, now: WallClock.milliseconds())
            } catch {
                return try await self.page(
                    request,
                    form: form,
                    problems: Self.problems(error),
                    status: error.httpStatus
                )
                .response(from: request, context: context)
            }
            return Response.redirect(to: "/alerts", type: .normal)
        }
        router.get("/alerts/rules/{id}/edit") { request, context in
            let rule = try self.rule(context)
            return await self.edit(request, rule, form: RuleForm(rule), problems: [], status: .ok)
        }
        router.post("/alerts/rules/{id}") { request, context in
            let rule = try self.rule(context)
            let form = try await FormBody.decode(RuleForm.self, request)
            let (draft, problems) = form.draft()
            guard problems.isEmpty else {
                return try await self.edit(request, rule, form: form, problems: problems, status: .badRequest).response(
                    from: request,
                    context: context
                )
            }
            do throws(AlertCenterError) {
                _ = try await self.web.alerts.updateRule(id: rule.id, draft, now: WallClock.milliseconds())
            } catch {
                return try await self.edit(
                    request,
                    rule,
                    form: form,
                    problems: Self.problems(error),
                    status: error.httpStatus
                )
                .response(from: request, context: context)
            }
            return Response.redirect(to: "/alerts", type: .normal)
        }
        for action in ["enable", "disable", "delete"] {
            router.post("/alerts/rules/{id}/\(action)") { request, context in
                let rule = try self.rule(context)
                do throws(AlertCenterError) {
                    if action == "delete" {
                        try await self.web.alerts.deleteRule(id: rule.id, now: WallClock.milliseconds())
                    } else {
                        var draft = RuleDraft()
                        draft.enabled = action == "enable"
                        _ = try await self.web.alerts.updateRule(id: rule.id, draft, now: WallClock.milliseconds())
                    }
                } catch {
                    return try self.message("Rule not changed", "\(error)", status: error.httpStatus).response(
                        from: request,
                        context: context
                    )
                }
                return Response.redirect(to: "/alerts", type: .normal)
            }
        }
        router.post("/alerts/{id}/dismiss") { request, context in
            let id = context.parameters.get("id") ?? ""
            do throws(AlertCenterError) {
                _ = try await self.web.alerts.requestDismiss(alertID: id, now: WallClock.milliseconds())
            } catch {
                return try self.message("Not dismissed", "\(error)", status: error.httpStatus)
                    .response(from: request, context: context)
            }
            return Response.redirect(to: "/alerts", type: .normal)
        }
        router.get("/login") { request, _ in self.login(request, problem: nil) }
        router.post("/login") { request, context in
            let form = try await FormBody.decode(LoginForm.self, request)
            let configuration = self.web.configuration
            guard configuration.adminToken != nil || configuration.readToken != nil else {
                return Response.redirect(to: "/alerts")
            }
            let presented = form.token ?? ""
            let role: LoginSessions.Role
            if let admin = configuration.adminToken, TokenCheck.matches(presented, admin) {
                role = .admin
            } else if let read = configuration.readToken, TokenCheck.matches(presented, read) {
                role = .read
            } else {
                return try self.login(request, problem: "That is not a token this server accepts.", next: form.next)
                    .response(from: request, context: context)
            }
            var response = Response.redirect(to: LoginRedirect.safeReturn(form.next), type: .normal)
            response.setCookie(LoginSessions.cookie(self.web.sessions.create(role)))
            return response
        }
        router.post("/logout") { request, _ in
            self.web.sessions.end(request)
            return Response.redirect(to: "/login", type: .normal)
        }
    }

    struct LoginForm: Decodable, Sendable {
        var csrf: String?
        var token: String?
        /// Where to go after the login (a path on this server).
        var next: String?
    }

    func rule(_ context: some RequestContext) throws -> AlertRule {
        let id = context.parameters.get("id") ?? ""
        guard let rule = self.web.alerts.rule(id: id) else {
            throw HTTPError(.notFound, message: "No rule with id \(id.prefix(40)).")
        }
        return rule
    }

    func context(
        _ request: Request,
        csrf: String,
        form: RuleForm?,
        problems: [String],
        history: Bool
    ) async -> AlertsView.Context {
        let now = WallClock.milliseconds()
        var section: HTML = ""
        if history {
            do {
                let window = try HistoryWindow(request.uri.queryParameters, now: now)
                do {
                    let page = try await self.web.alerts.history(
                        since: window.since,
                        until: window.until,
                        limit: window.limit,
                        offset: window.offset
                    )
                    section = AlertHistoryView.section(window: window, page: page, error: nil)
                } catch {
                    section = AlertHistoryView.section(window: window, page: nil, error: "\(error)")
                }
            } catch {
                let fallback = (try? HistoryWindow(Parameters(), now: now))
                section = fallback.map { AlertHistoryView.section(window: $0, page: nil, error: "\(error)") } ?? ""
            }
        }
        let selection = self.selection(request)
        return AlertsView.Context(
            overview: self.web.alerts.overview(),
            targets: self.web.configuration.notificationTargets,
            csrf: csrf,
            mayWrite: self.access.mayWrite(request),
            adminTokenSet: self.web.configuration.adminToken != nil,
            form: form ?? RuleForm.blank(channels: self.web.alerts.configuredChannels),
            problems: problems,
            history: section,
            now: now,
            selection: selection
        )
    }

    func page(
        _ request: Request,
        form: RuleForm?,
        problems: [String],
        status: HTTPResponse.Status
    ) async -> HTMLResponse {
        let (csrf, isNew) = WriteAccess.csrfToken(request)
        let context = await self.context(request, csrf: csrf, form: form, problems: problems, history: true)
        return WriteAccess.withCSRF(
            csrf,
            isNew,
            HTMLResponse(html: AlertsView.page(context, banner: self.web.banner), status: status)
        )
    }

    func edit(
        _ request: Request,
        _ rule: AlertRule,
        form: RuleForm,
        problems: [String],
        status: HTTPResponse.Status
    ) async
        -> HTMLResponse
    {
        let (csrf, isNew) = WriteAccess.csrfToken(request)
        let body: HTML = """
            <h1>Edit rule \(rule.name)</h1>
            <p class="note">Changing what the rule evaluates resolves its open alerts (reason "rule edited"); renaming or changing channels does not.</p>
            \(RuleFormView.form(action: "/alerts/rules/\(HTML.segment(rule.id))", values: form, problems: problems, csrf: csrf, submit: "Save"))
            """
        let html = Layout.page(
            title: "Edit \(rule.name)",
            breadcrumbs: [("nodes", "/"), ("alerts", "/alerts"), (rule.name, nil)],
            banner: self.web.banner,
            body: body
        )
        return WriteAccess.withCSRF(csrf, isNew, HTMLResponse(html: html, status: status))
    }

    func login(_ request: Request, problem: String?, next: String? = nil) -> HTMLResponse {
        let (csrf, isNew) = WriteAccess.csrfToken(request)
        let configuration = self.web.configuration
        let destination = LoginRedirect.safeReturn(
            next ?? request.uri.queryParameters.get("next")
        )
        let accepted: HTML =
            switch (configuration.readToken != nil, configuration.adminToken != nil) {
            case (true, true): "The read token lets you see every page; the admin token also lets you change rules."
            case (true, false): "This server needs the read token to show its pages (no admin token is set)."
            default: "The admin token lets you change rules and dismiss alerts."
            }
        let body: HTML =
            configuration.adminToken == nil && configuration.readToken == nil
            ? "<h1>Log in</h1><p>No admin token is configured: everyone may change rules. Start the server with --admin-token to require one.</p>"
            : """
            <h1>Log in</h1>\(problem.map { HTML("<div class=\"form-errors\" role=\"alert\">\($0)</div>") } ?? "")
            <p>\(accepted)</p>
            <form method="post" action="/login" class="rule-form"><input type="hidden" name="csrf" value="\(csrf)">
            <input type="hidden" name="next" value="\(destination)">
            <label>Token <input type="password" name="token" autocomplete="current-password" required></label>
            <button>Log in</button></form>
            """
        // Before a login, a server that guards reads shows no banner either (it names nodes and database errors).
        let banner =
            configuration.readToken == nil || self.web.sessions.role(of: request) != nil ? self.web.banner : nil
        return WriteAccess.withCSRF(
            csrf,
            isNew,
            HTMLResponse(
                html: Layout.page(title: "Log in", banner: banner, body: body),
                status: problem == nil ? .ok : .forbidden
            )
        )
    }

    func message(_ title: String, _ text: String, status: HTTPResponse.Status) -> HTMLResponse {
        HTMLResponse(
            html: Layout.page(
                title: title,
                banner: self.web.banner,
                body: "<h1>\(title)</h1><p class=\"bad\">\(text)</p><p><a href=\"/alerts\">Back to alerts</a></p>"
            ),
            status: status
        )
    }

    static func problems(_ error: AlertCenterError) -> [String] {
        switch error {
        case .invalid(let message): message.split(separator: "; ").map(String.init)
        case .notFound(let message), .unavailable(let message): [message]
        }
    }
}
