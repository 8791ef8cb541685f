import AlertEngine
import Hummingbird
import NodeStore

/// The cluster-wide pages: `/namespaces`, `/namespaces/{namespace}`, `/workloads/{namespace}/{kind}/{name}`,
/// `/pods?q=` and the dense node table `/nodes`, each with its live fragment under `/fragments/…` (rendered at
/// most every 2 s per distinct URL in the background, however many browsers poll it).
struct ClusterRoutes: Sendable {
    let web: WebRoutes

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/namespaces") { _, _ in
            HTMLResponse(html: NamespacesView.page(fragment: await self.namespaces(), banner: self.web.banner))
        }
        router.get("/fragments/namespaces") { _, _ in HTMLResponse(html: await self.namespaces()) }
        router.get("/namespaces/{namespace}") { _, context in
            let namespace = Self.parameter(context, "namespace")
            return HTMLResponse(
                html: NamespacesView.namespacePage(
                    namespace,
                    fragment: await self.namespace(namespace),
                    banner: self.web.banner
                )
            )
        }
        router.get("/fragments/namespaces/{namespace}") { _, context in
            HTMLResponse(html: await self.namespace(Self.parameter(context, "namespace")))
        }
        router.get("/workloads/{namespace}/{kind}/{name}") { _, context in
            let (namespace, kind, name) = Self.workload(context)
            return HTMLResponse(
                html: WorkloadView.page(
                    namespace: namespace,
                    kind: kind,
                    name: name,
                    fragment: await self.workload(namespace, kind, name),
                    banner: self.web.banner
                )
            )
        }
        router.get("/fragments/workloads/{namespace}/{kind}/{name}") { _, context in
            let (namespace, kind, name) = Self.workload(context)
            return HTMLResponse(html: await self.workload(namespace, kind, name))
        }
        router.get("/pods") { request, _ in
            let search = Self.search(request)
            return HTMLResponse(
                html: PodSearchView.page(search, fragment: await self.pods(search), banner: self.web.banner)
            )
        }
        router.get("/fragments/pods") { request, _ in HTMLResponse(html: await self.pods(Self.search(request))) }
        router.get("/nodes") { request, _ in
            let filter = NodeFilter(request.uri.queryParameters.get("q"))
            return HTMLResponse(
                html: NodeTableView.page(
                    filter: filter.text,
                    fragment: await self.nodes(filter),
                    banner: self.web.banner
                )
            )
        }
        router.get("/fragments/nodes") { request, _ in
            HTMLResponse(html: await self.nodes(NodeFilter(request.uri.queryParameters.get("q"))))
        }
    }

    private func namespaces() async -> HTML {
        await self.web.clusterRenders.shared(for: "namespaces") {
            NamespacesView.fragment(ClusterView(self.web.cache.all()))
        }
    }

    private func namespace(_ namespace: String) async -> HTML {
        await self.web.clusterRenders.shared(for: "namespace/\(namespace)") {
            NamespacesView.namespaceFragment(ClusterView(self.web.cache.all()), namespace: namespace)
        }
    }

    private func workload(_ namespace: String, _ kind: String, _ name: String) async -> HTML {
        await self.web.clusterRenders.shared(for: "workload/\(namespace)/\(kind)/\(name)") {
            WorkloadView.fragment(ClusterView(self.web.cache.all()), namespace: namespace, kind: kind, name: name)
        }
    }

    private func pods(_ search: PodSearch) async -> HTML {
        await self.web.clusterRenders.shared(for: "pods\(search.query())") {
            PodSearchView.fragment(ClusterView(self.web.cache.all()), search)
        }
    }

    private func nodes(_ filter: NodeFilter) async -> HTML {
        await self.web.clusterRenders.shared(for: "nodes?\(filter.text)") {
            NodeTableView.fragment(self.web.cache.all(), filter: filter, firing: self.web.alerts.firingBySubject())
        }
    }

    private static func search(_ request: Request) -> PodSearch {
        let parameters = request.uri.queryParameters
        return PodSearch(
            text: parameters.get("q"),
            namespace: parameters.get("namespace"),
            status: parameters.get("status"),
            sort: parameters.get("sort"),
            limit: parameters.get("limit"),
            labels: parameters.get("labels")
        )
    }

    /// A path parameter, decoded and bounded (names are at most 253 bytes; more matches nothing anyway).
    private static func parameter(_ context: some RequestContext, _ name: String) -> String {
        String(HTML.decodeSegment(context.parameters.get(name) ?? "").prefix(253))
    }

    private static func workload(_ context: some RequestContext) -> (String, String, String) {
        (Self.parameter(context, "namespace"), Self.parameter(context, "kind"), Self.parameter(context, "name"))
    }
}
