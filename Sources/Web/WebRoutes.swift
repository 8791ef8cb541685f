public import AlertEngine
import Alerting
public import Hummingbird
public import Ingest
public import NodeStore
public import Profiles
public import Recordings
public import ServerMetrics
import Telemetry

/// The web UI and JSON API over the live cache. Read-only: the web layer never writes to the cache.
public struct WebRoutes: Sendable {
    let cache: LiveCache
    let registry: SessionRegistry
    let counters: IngestCounters
    let alerts: AlertCenter
    let profiles: ProfileCenter
    let configuration: WebConfiguration
    let sessions = LoginSessions()
    /// Live fragments rendered at most once a second however many browsers poll them (they refresh every 2 s
    /// and nodes report every 5 s, so nobody sees older data than the refresh cycle already implies).
    let renders: RenderCache<HTML>
    /// The cluster pages (every pod of every node): rendered in the background at most every 2 s per URL — the
    /// pages' own refresh period — and never while a request waits, once a URL has been rendered.
    let clusterRenders: RenderCache<RenderedPage>
    /// JSON lists over every node (`/api/v1/nodes`), encoded at most once a second the same way.
    let listings: RenderCache<ByteBuffer>
    /// The server's own series, appended to `/metrics`.
    let metrics: ServerMetrics?
    /// nil: recordings are off (`--recordings-dir` not given).
    let recordings: RecordingStore?

    public init(
        cache: LiveCache,
        registry: SessionRegistry,
        counters: IngestCounters,
        alerts: AlertCenter,
        profiles: ProfileCenter,
        configuration: WebConfiguration,
        metrics: ServerMetrics? = nil,
        recordings: RecordingStore? = nil
    ) {
        self.metrics = metrics
        self.recordings = recordings
        self.renders = RenderCache<HTML>(maximumAge: .seconds(1), metrics: metrics)
        self.listings = RenderCache<ByteBuffer>(maximumAge: .seconds(1), metrics: metrics)
        self.clusterRenders = RenderCache<RenderedPage>(maximumAge: .seconds(2), metrics: metrics)
        self.profiles = profiles
        self.cache = cache
        self.registry = registry
        self.counters = counters
        self.alerts = alerts
        self.configuration = configuration
    }

    /// Warnings shown on every page: unauthenticated agents, alert rules that will not survive a restart, a
    /// database that is down.
    var banner: HTML? {
        var banners: [HTML] = []
        if !self.configuration.ingestEncrypted {
            banners.append(
                "<div class=\"banner\">Agents connect without TLS (--insecure): their token and every command line cross the network in clear. Start the server with --tls-cert and --tls-key.</div>"
            )
        }
        if !self.configuration.agentsAuthenticated {
            banners.append(
                "<div class=\"banner\">Agents are not authenticated: start the server with --token (or PODWATCH_TOKEN) so that only your agents can report.</div>"
            )
        }
        let overview = self.alerts.databaseSummary()
        if !overview.persistent {
            banners.append(
                "<div class=\"banner\">No database configured: alert rules and alerts are kept in memory and will not survive a restart. Start the server with --database-url (or POSTGRES_URL).</div>"
            )
        } else if let since = overview.database.failingSinceMilliseconds {
            banners.append(
                "<div class=\"banner error\">Database unavailable since \(Format.clock(since)): rule changes are refused; alerts are still evaluated on the last rules and \(overview.journalBacklog) change(s) are queued to be written when it returns. (\(overview.database.lastError ?? ""))</div>"
            )
        }
        return banners.isEmpty ? nil : "\(banners)"
    }

    static func overviewQuery(_ request: Request) -> OverviewQuery {
        OverviewQuery(page: request.uri.queryParameters.get("page"), filter: request.uri.queryParameters.get("q"))
    }

    public func addRoutes(to router: Router<some RequestContext>) {
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(
            middleware: ReadAccessMiddleware(
                readToken: self.configuration.readToken,
                adminToken: self.configuration.adminToken,
                sessions: self.sessions
            )
        )
        router.add(
            middleware: WriteAccessMiddleware(
                access: WriteAccess(adminToken: self.configuration.adminToken, sessions: self.sessions)
            )
        )
        router.get("/") { request, _ in
            let query = Self.overviewQuery(request)
            return HTMLResponse(
                html: OverviewView.page([], query: query, banner: self.banner, fragment: self.overviewFragment(query))
            )
        }
        router.get("/fragments/overview") { request, _ in
            HTMLResponse(html: self.overviewFragment(Self.overviewQuery(request)))
        }
        router.get("/nodes/{node}") { _, context in
            let node = try self.node(context)
            return HTMLResponse(
                html: NodeView.page(
                    node,
                    banner: self.banner,
                    refusal: self.counters.lastRefusal(of: node.name),
                    fragment: self.nodeFragment(node)
                )
            )
        }
        router.get("/nodes/{node}/fragment") { _, context in
            HTMLResponse(html: self.nodeFragment(try self.node(context)))
        }
        router.get("/nodes/{node}/pods/{namespace}/{pod}") { request, context in
            let (node, pod) = try self.pod(context)
            let (csrf, isNew) = WriteAccess.csrfToken(request)
            let profiles = ProfileView.podSection(
                node: node.name,
                namespace: pod.namespace,
                pod: pod.name,
                profiles: self.profiles.list(
                    node: node.name,
                    namespace: pod.namespace,
                    pod: pod.name,
                    now: WallClock.milliseconds()
                ),
                unavailable: self.profilingUnavailable(node.name),
                durations: self.configuration.profileDurations,
                csrf: csrf
            )
            return WriteAccess.withCSRF(
                csrf,
                isNew,
                HTMLResponse(html: PodView.page(node, pod, banner: self.banner, profiles: profiles))
            )
        }
        router.get("/nodes/{node}/pods/{namespace}/{pod}/fragment") { _, context in
            let (node, pod) = try self.pod(context)
            return HTMLResponse(html: PodView.fragment(node, pod))
        }
        router.get("/nodes/{node}/processes/{pid}") { _, context in
            let (node, process) = try self.process(context)
            return HTMLResponse(html: ProcessView.page(node, process, banner: self.banner))
        }
        router.get("/nodes/{node}/processes/{pid}/fragment") { _, context in
            let (node, process) = try self.process(context)
            return HTMLResponse(html: ProcessView.fragment(node, process))
        }
        router.get("/assets/app.css") { _, _ in
            AssetResponse(body: Stylesheet.css, contentType: "text/css; charset=utf-8")
        }
        router.get("/assets/app.js") { _, _ in
            AssetResponse(body: Script.js, contentType: "text/javascript; charset=utf-8")
        }
        router.get("/assets/flamegraph.js") { _, _ in
            AssetResponse(body: FlameScript.js, contentType: "text/javascript; charset=utf-8")
        }
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { _, _ in "ready\n" }
        APIRoutes(web: self).addRoutes(to: router)
        AlertAPIRoutes(web: self).addRoutes(to: router)
        AlertPageRoutes(web: self).addRoutes(to: router)
        AlertDetailRoutes(web: self).addRoutes(to: router)
        ClusterRoutes(web: self).addRoutes(to: router)
        ProfileAPIRoutes(web: self).addRoutes(to: router)
        RecordingAPIRoutes(web: self).addRoutes(to: router)
        RecordingPageRoutes(web: self).addRoutes(to: router)
        ProfilePageRoutes(web: self).addRoutes(to: router)
    }

    /// The overview's live part, shared by the page and its fragment (rendered at most once a second).
    func overviewFragment(_ query: OverviewQuery) -> HTML {
        self.renders.value(for: "overview\(query.queryString)") {
            OverviewView.fragment(self.cache.all(), query: query, firing: self.alerts.firingBySubject())
        }
    }

    /// A node page's live part, shared by the page and its fragment.
    func nodeFragment(_ node: NodeState) -> HTML {
        self.renders.value(for: "node/\(node.name)") { NodeView.fragment(node, firing: self.alerts.firingBySubject()) }
    }

    func node(_ context: some RequestContext) throws -> NodeState {
        let name = HTML.decodeSegment(context.parameters.get("node") ?? "")
        guard let node = self.cache.node(name) else {
            throw HTTPError(
                .notFound,
                message: "No node named \(name) has reported in the last \(self.configuration.staleGrace)."
            )
        }
        return node
    }

    /// Why a profile of a pod on `node` cannot start now; nil when it can.
    func profilingUnavailable(_ node: String) -> String? {
        guard let capabilities = self.registry.capabilities(of: node) else {
            return "Profiling needs the node's agent to be connected; it is not."
        }
        return capabilities.contains("profiling")
            ? nil : "Profiling is disabled on this node's agent (it runs with --no-profiling)."
    }

    func pod(_ context: some RequestContext) throws -> (NodeState, PodSummary) {
        let node = try self.node(context)
        let namespace = HTML.decodeSegment(context.parameters.get("namespace") ?? "")
        let name = HTML.decodeSegment(context.parameters.get("pod") ?? "")
        guard let pod = PodSummary.pods(of: node).first(where: { $0.namespace == namespace && $0.name == name }) else {
            throw HTTPError(.notFound, message: "No pod \(namespace)/\(name) on node \(node.name).")
        }
        return (node, pod)
    }

    func process(_ context: some RequestContext) throws -> (NodeState, ProcessSnapshot) {
        let node = try self.node(context)
        guard let pid = context.parameters.get("pid").flatMap({ Int32($0) }) else {
            throw HTTPError(.badRequest, message: "A process is named by its numeric PID.")
        }
        guard let process = node.snapshot.process(pid: pid) else {
            throw HTTPError(.notFound, message: "No process \(pid) on node \(node.name) in the latest snapshot.")
        }
        return (node, process)
    }
}
