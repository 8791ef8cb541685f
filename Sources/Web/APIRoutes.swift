import AlertEngine
import Alerting
import Foundation
import Hummingbird
import Ingest
import MetricsExport
import NodeStore
import ServerMetrics
import Telemetry

/// JSON under /api/v1 (docs/api.md): the same data as the pages.
struct APIRoutes: Sendable {
    let web: WebRoutes

    struct NodeSummary: ResponseEncodable {
        var name: String
        var stale: Bool
        var connected: Bool
        var lastSeenMilliseconds: Int64
        var cpuBusyPercent: Double?
        var memoryUsedPercent: Double?
        var networkBytesPerSecond: Double?
        var diskBytesPerSecond: Double?
        var load1: Double?
        var pods: Int
        var processes: Int
    }

    struct NodeDetail: ResponseEncodable {
        var name: String
        var stale: Bool
        var lastSeenMilliseconds: Int64
        var snapshot: Snapshot
        var rates: SnapshotRates?
    }

    struct PodDetail: ResponseEncodable {
        var uid: String
        var namespace: String
        var name: String
        var phase: String
        var cpuCores: Double?
        var memoryWorkingSetBytes: Double?
        var containers: [ContainerDetail]
    }

    struct ContainerDetail: Codable {
        var name: String
        var container: ContainerSnapshot
        var rates: ContainerRates?
    }

    struct ProcessDetail: ResponseEncodable {
        var node: String
        var process: ProcessSnapshot
        var rates: ProcessRates?
    }

    struct ServerStatus: ResponseEncodable {
        var version: String
        var ingest: IngestCounters.Values
        var memory: ServerMemory
        var connectedNodes: [String]
        var agentsAuthenticated: Bool
        var alerting: AlertingStatus
    }

    /// Which replica evaluates and delivers (`role`: alone, starting, leader, follower).
    struct AlertingStatus: Encodable, Sendable {
        var replica: String
        var role: String
        var term: Int64?
        var leader: String?
        var leaderTerm: Int64?
        var leaderSince: String?
        var error: String?

        init(_ leadership: AlertLeadership) {
            self.replica = leadership.replica
            self.role = leadership.role.rawValue
            self.term = leadership.term
            self.leader = leadership.leader.map(\.holder).flatMap { $0.isEmpty ? nil : $0 }
            self.leaderTerm = leadership.leader?.term
            self.leaderSince = leadership.leader.flatMap {
                $0.sinceMilliseconds > 0 ? Timestamp.rfc3339(milliseconds: $0.sinceMilliseconds) : nil
            }
            self.error = leadership.lastError
        }
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/metrics") { request, _ in
            // Rendered at most once a second per format however many Prometheus replicas scrape it.
            let openMetrics = MetricsExposition.wantsOpenMetrics(accept: request.headers[.accept])
            let body = self.web.listings.value(for: openMetrics ? "metrics.openmetrics" : "metrics") {
                ByteBuffer(
                    string: MetricsExposition.text(
                        self.web.cache.all(),
                        nowMilliseconds: WallClock.milliseconds(),
                        openMetrics: openMetrics,
                        processes: self.web.configuration.metricsProcesses,
                        own: self.web.metrics?.exposition(openMetrics: openMetrics) ?? ""
                    )
                )
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: openMetrics ? MetricsExposition.openMetricsContentType : MetricsExposition.contentType
                ],
                body: .init(byteBuffer: body)
            )
        }
        router.get("/api/v1/nodes") { _, _ in
            // Every node: encoded at most once a second however many clients poll it (as the overview is).
            let body = try self.web.listings.value(for: "nodes") {
                ByteBuffer(bytes: try JSONEncoder().encode(self.web.cache.all().map(Self.summary)))
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: body)
            )
        }
        router.get("/api/v1/nodes/{node}") { _, context in
            let node = try self.web.node(context)
            return NodeDetail(
                name: node.name,
                stale: node.isStale,
                lastSeenMilliseconds: node.lastSeenWallMilliseconds,
                snapshot: node.snapshot,
                rates: node.rates
            )
        }
        router.get("/api/v1/nodes/{node}/pods") { _, context in
            let node = try self.web.node(context)
            return PodSummary.pods(of: node).map(Self.detail)
        }
        router.get("/api/v1/nodes/{node}/processes/{pid}") { _, context in
            let (node, process) = try self.web.process(context)
            return ProcessDetail(
                node: node.name,
                process: process,
                rates: node.rates?.processes.first { $0.pid == process.pid }
            )
        }
        router.get("/api/v1/server") { _, _ in
            ServerStatus(
                version: PodwatchVersion.string,
                ingest: self.web.counters.values,
                memory: ServerMemory.current(),
                connectedNodes: self.web.registry.connectedNodes.sorted(),
                agentsAuthenticated: self.web.configuration.agentsAuthenticated,
                alerting: AlertingStatus(self.web.alerts.leadership)
            )
        }
    }

    static func summary(_ node: NodeState) -> NodeSummary {
        let rates = node.rates?.node
        return NodeSummary(
            name: node.name,
            stale: node.isStale,
            connected: node.isConnected,
            lastSeenMilliseconds: node.lastSeenWallMilliseconds,
            cpuBusyPercent: rates?.cpu?.busy,
            memoryUsedPercent: rates?.memoryUsedPercent,
            networkBytesPerSecond: NodeSums.network(rates),
            diskBytesPerSecond: NodeSums.disk(rates),
            load1: node.snapshot.host.load?.load1,
            pods: node.counts.pods,
            processes: node.counts.processes
        )
    }

    static func detail(_ pod: PodSummary) -> PodDetail {
        PodDetail(
            uid: pod.uid,
            namespace: pod.namespace,
            name: pod.name,
            phase: pod.phase,
            cpuCores: pod.cpuCores,
            memoryWorkingSetBytes: pod.memoryWorkingSet,
            containers: pod.containers.map { ContainerDetail(name: $0.name, container: $0.snapshot, rates: $0.rates) }
        )
    }
}
