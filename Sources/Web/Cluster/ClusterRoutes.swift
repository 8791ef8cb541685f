import AlertEngine
import Hummingbird
import NodeStore

/// The cluster-wide pages: `/namespaces`, `/namespaces/{namespace}`, `/workloads/{namespace}/{kind}/{name}`,
/// `/pods?q=` and the dense node table `/nodes`, each with its live fragment under `/fragments/…` (rendered at
/// most every 2 s per distinct URL in the background, however many browsers poll it). A rendering keeps the page and
/// its fragment as the bytes sent, so a request copies nothing: at 1,000 nodes the node table is 730 KB, and
/// encoding it for each of 1,700 requests a second was a fifth of the server's CPU.
struct ClusterRoutes: Sendable {
    let web: WebRoutes

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/namespaces") { _, _ in await self.namespaces().page }
        router.get("/fragments/namespaces") { _, _ in await self.namespaces().fragment }
        router.get("/namespaces/{namespace}") { _, context in
            await self.namespace(Self.parameter(context, "namespace")).page
        }
        router.get("/fragments/namespaces/{namespace}") { _, context in
            await self.namespace(Self.parameter(context, "namespace")).fragment
        }
        router.get("/workloads/{namespace}/{kind}/{name}") { _, context in
            await self.workload(Self.workload(context)).page
        }
        router.get("/fragments/workloads/{namespace}/{kind}/{name}") { _, context in
            await self.workload(Self.workload(context)).fragment
        }
        router.get("/pods") { request, _ in await self.pods(Self.search(request)).page }
        router.get("/fragments/pods") { request, _ in await self.pods(Self.search(request)).fragment }
        router.get("/nodes") { request, _ in
            await self.nodes(NodeFilter(request.uri.queryParameters.get("q"))).page
        }
        router.get("/fragments/nodes") { request, _ in
            await self.nodes(NodeFilter(request.uri.queryParameters.get("q"))).fragment
        }
    }

    private func namespaces() async -> RenderedPage {
        let banner = self.web.banner
        return await self.web.clusterRenders.shared(for: "namespaces") {
            let fragment = NamespacesView.fragment(ClusterView(self.web.cache.all()))
            return RenderedPage(fragment: fragment, page: NamespacesView.page(fragment: fragment, banner: banner))
        }
    }

    private func namespace(_ namespace: String) async -> RenderedPage {
        let banner = self.web.banner
        return await self.web.clusterRenders.shared(for: "namespace/\(namespace)") {
            let fragment = NamespacesView.namespaceFragment(ClusterView(self.web.cache.all()), namespace: namespace)
            return RenderedPage(
                fragment: fragment,
                page: NamespacesView.namespacePage(namespace, fragment: fragment, banner: banner)
            )
        }
    }

    private func workload(_ workload: (namespace: String, kind: String, name: String)) async -> RenderedPage {
        let (namespace, kind, name) = workload
        let banner = self.web.banner
        return await self.web.clusterRenders.shared(for: "workload/\(namespace)/\(kind)/\(name)") {
            let fragment = WorkloadView.fragment(
                ClusterView(self.web.cache.all()),
                namespace: namespace,
                kind: kind,
                name: name
            )
            return RenderedPage(
                fragment: fragment,
                page: WorkloadView.page(
                    namespace: namespace,
                    kind: kind,
                    name: name,
                    fragment: fragment,
                    banner: banner
                )
            )
        }
    }

    private func pods(_ search: PodSearch) async -> RenderedPage {
        let banner = self.web.banner
        return await self.web.clusterRenders.shared(for: "pods\(search.query())") {
            let fragment = PodSearchView.fragment(ClusterView(self.web.cache.all()), search)
            return RenderedPage(
                fragment: fragment,
                page: PodSearchView.page(search, fragment: fragment, banner: banner)
            )
        }
    }

    private func nodes(_ filter: NodeFilter) async -> RenderedPage {
        let banner = self.web.banner
        return await self.web.clusterRenders.shared(for: "nodes?\(filter.text)") {
            let fragment = NodeTableView.fragment(
                self.web.cache.all(),
                filter: filter,
                firing: self.web.alerts.firingBySubject()
            )
            return RenderedPage(
                fragment: fragment,
                page: NodeTableView.page(filter: filter.text, fragment: fragment, banner: banner)
            )
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
