import Foundation
import MetricsExport
import NodeStore
import PodSandbox
import ServerMetrics
import Telemetry
import Testing

@testable import Web

/// The server's /metrics: a node and a pod under node_exporter's, cAdvisor's and kube-state-metrics' names, the
/// values in base units, label values escaped, a stale node's series left out, and the whole answer clean for
/// Debian's `promtool check metrics` but for node_exporter's own camelCase meminfo names.
@Suite struct MetricsExpositionTests {
    static let uid = "5d3c1a2b-0000-4000-8000-000000000001"

    /// A process with a hostile name: 150 + 50 ticks at 100 Hz, 3 MiB resident.
    static var process: ProcessSnapshot {
        var stat = PIDStat()
        stat.pid = 42
        stat.comm = "ng\"in\\x\n"
        stat.utime = 150
        stat.stime = 50
        stat.numThreads = 4
        var status = PIDStatus()
        status.vmRSS = 3 << 20
        return ProcessSnapshot(stat: stat, status: status)
    }

    static func nodes(stale: Bool = false, second: Bool = false) -> [NodeState] {
        var snapshot = Snapshot()
        snapshot.node = "worker-1"
        snapshot.clockTicksPerSecond = 100
        snapshot.host.memory = Meminfo(values: [
            "MemTotal": 16 << 30, "MemAvailable": 8 << 30, "Active(anon)": 4096, "HugePages_Total": 0,
        ])
        snapshot.host.cpu.perCPU = [0: CPUTimes(user: 12_345, nice: 0, system: 678, idle: 90_000)]
        var load = LoadAvg()
        (load.load1, load.load5, load.load15) = (0.5, 0.25, 0.125)
        snapshot.host.load = load
        var eth0 = NetDevInterface()
        eth0.name = "eth0"
        eth0.rxBytes = 1_000_000
        snapshot.host.network = [eth0]
        var pod = PodMetadata(uid: Self.uid, namespace: "shop", name: "we\"b-1", phase: "Running")
        var name = ContainerName(id: "abc", name: "nginx")
        name.restartCount = 3
        pod.containers = [name]
        snapshot.pods = [pod]
        var cgroup = CgroupStats()
        cgroup.cpuUsageNanoseconds = 2_500_000_000
        cgroup.memoryWorkingSetBytes = 52_428_800
        cgroup.memoryLimitBytes = 134_217_728
        snapshot.containers = [
            ContainerSnapshot(
                identity: ContainerIdentity(
                    podUID: Self.uid,
                    qosClass: .burstable,
                    runtime: .containerd,
                    containerID: "abc"
                ),
                cgroup: cgroup,
                processes: [Self.process]
            )
        ]
        let cache = LiveCache(configuration: NodeStoreConfiguration(ttl: .seconds(10)))
        let received = ContinuousClock.now
        cache.ingest(node: "worker-1", snapshot: snapshot, now: received, wallMilliseconds: 1_000)
        if second {
            // Another node, whose meminfo has two keys that map to one Prometheus name.
            snapshot.node = "worker-2"
            snapshot.host.memory.values["Active_anon"] = 8192
            cache.ingest(node: "worker-2", snapshot: snapshot, now: received, wallMilliseconds: 1_000)
        }
        return cache.all(now: received + .seconds(stale ? 60 : 1))
    }

    @Test func nodesAndContainersUnderTheNamesPrometheusUsersQuery() {
        let text = MetricsExposition.text(Self.nodes(), nowMilliseconds: 3_500)
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains("node_memory_MemAvailable_bytes{node=\"worker-1\"} 8589934592"))
        #expect(lines.contains("node_memory_Active_anon_bytes{node=\"worker-1\"} 4096"))
        #expect(lines.contains("node_memory_HugePages_Total{node=\"worker-1\"} 0"))
        #expect(lines.contains("node_cpu_seconds_total{node=\"worker-1\",cpu=\"0\",mode=\"user\"} 123.45"))
        #expect(lines.contains("node_load1{node=\"worker-1\"} 0.5"))
        #expect(lines.contains("node_network_receive_bytes_total{node=\"worker-1\",device=\"eth0\"} 1000000"))
        let pod = "node=\"worker-1\",namespace=\"shop\",pod=\"we\\\"b-1\""
        #expect(lines.contains("container_cpu_usage_seconds_total{\(pod),container=\"nginx\"} 2.5"))
        #expect(lines.contains("container_memory_working_set_bytes{\(pod),container=\"nginx\"} 52428800"))
        #expect(lines.contains("container_spec_memory_limit_bytes{\(pod),container=\"nginx\"} 134217728"))
        #expect(lines.contains("kube_pod_status_phase{\(pod),phase=\"Running\"} 1"))
        #expect(lines.contains("kube_pod_status_phase{\(pod),phase=\"Failed\"} 0"))
        #expect(lines.contains("kube_pod_container_status_restarts_total{\(pod),container=\"nginx\"} 3"))
        #expect(lines.contains("podwatch_node_snapshot_age_seconds{node=\"worker-1\"} 2.5"))
        // Unknown is not 0: a container without a CPU quota has no throttling series.
        #expect(!text.contains("container_cpu_cfs_periods_total{"))
    }

    @Test func openMetricsNamesCounterFamiliesWithoutTotalAndEnds() {
        let text = MetricsExposition.text(Self.nodes(), nowMilliseconds: 3_500, openMetrics: true)
        #expect(text.contains("# TYPE node_cpu_seconds counter\n"))
        #expect(text.contains("node_cpu_seconds_total{node=\"worker-1\",cpu=\"0\",mode=\"user\"} 123.45\n"))
        #expect(text.contains("# TYPE node_memory_MemAvailable_bytes gauge\n"))
        #expect(text.hasSuffix("\n# EOF\n"))
        #expect(
            MetricsExposition.wantsOpenMetrics(accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
        )
        #expect(!MetricsExposition.wantsOpenMetrics(accept: "text/plain"))
    }

    /// Both formats want a family's samples in one group and no series twice: with two nodes the families are
    /// written node by node, and a hostile agent can send meminfo keys (`Active(anon)`, `Active_anon`) that map to
    /// one name — a repeated series would make Prometheus refuse the whole scrape, every node's.
    @Test(arguments: [false, true])
    func everyFamilyIsOneGroupAndNoSeriesRepeats(openMetrics: Bool) {
        let text = MetricsExposition.text(Self.nodes(second: true), nowMilliseconds: 3_500, openMetrics: openMetrics)
        var seen: Set<String> = []
        var current = ""
        var series: Set<String> = []
        for line in text.split(separator: "\n") where line != "# EOF" {
            if line.hasPrefix("# TYPE ") {
                current = String(line.split(separator: " ")[2])
                #expect(seen.insert(current).inserted, "\(current) declared twice")
            } else if !line.hasPrefix("#") {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                #expect(name.hasPrefix(current), "\(name) outside its family's group (after \(current))")
                #expect(
                    series.insert(String(line[..<(line.lastIndex(of: " ") ?? line.endIndex)])).inserted,
                    "\(line) repeated"
                )
            }
        }
        #expect(text.contains("node_memory_Active_anon_bytes{node=\"worker-2\"} 4096"))  // the first key wins
        #expect(!text.contains("node_memory_Active_anon_bytes{node=\"worker-2\"} 8192"))
    }

    @Test func aStaleNodesSeriesAreLeftOutButItsStalenessIsNot() {
        let text = MetricsExposition.text(Self.nodes(stale: true), nowMilliseconds: 120_000)
        #expect(text.contains("podwatch_node_stale{node=\"worker-1\"} 1"))
        #expect(!text.contains("node_memory_MemAvailable_bytes{"))
    }

    @Test func theServersOwnSeriesComeThroughSwiftMetrics() {
        let metrics = ServerMetrics()
        metrics.snapshotReceived()
        metrics.snapshotReceived()
        metrics.notification(delivered: false)
        metrics.alertEvaluated(in: .milliseconds(3))
        let text = MetricsExposition.text(
            Self.nodes(),
            nowMilliseconds: 3_500,
            own: metrics.exposition(openMetrics: false)
        )
        #expect(text.contains("\npodwatch_ingest_snapshots_total 2\n"))
        #expect(text.contains("podwatch_notifications_total{result=\"failed\"} 1\n"))
        #expect(text.contains("podwatch_alert_evaluation_seconds_count 1\n"))
        let open = MetricsExposition.text(
            Self.nodes(),
            nowMilliseconds: 3_500,
            openMetrics: true,
            own: metrics.exposition(openMetrics: true)
        )
        #expect(open.contains("# TYPE podwatch_ingest_snapshots counter\n"))
        #expect(open.hasSuffix("\n# EOF\n") && !open.dropLast(6).contains("# EOF"))
    }

    @Test func processesOnlyWhenAskedWithEscapedLabels() {
        #expect(!MetricsExposition.text(Self.nodes(), nowMilliseconds: 3_500).contains("podwatch_process_"))
        let text = MetricsExposition.text(Self.nodes(), nowMilliseconds: 3_500, processes: true)
        let labels = #"{node="worker-1",namespace="shop",pod="we\"b-1",container="nginx",pid="42",comm="ng\"in\\x\n"}"#
        #expect(text.contains("podwatch_process_cpu_seconds_total\(labels) 2\n"))
        #expect(text.contains("podwatch_process_resident_memory_bytes\(labels) 3145728\n"))
        #expect(text.contains("podwatch_process_threads\(labels) 4\n"))
    }

    @Test func promtoolFindsNothingToSay() async throws {
        let promtool = "/usr/bin/promtool"
        try #require(FileManager.default.isExecutableFile(atPath: promtool), "apt-get install prometheus (make deps)")
        let own = ServerMetrics()
        own.snapshotReceived()
        own.pageRendered(in: .milliseconds(2))
        let text = MetricsExposition.text(
            Self.nodes(),
            nowMilliseconds: 3_500,
            processes: true,
            own: own.exposition(openMetrics: false)
        )
        let run = try await ChildRun.run(
            [promtool, "check", "metrics"],
            environment: [:],
            input: Array(text.utf8),
            deadline: .seconds(60)
        )
        let said = run.output
        // node_exporter's own meminfo names (node_memory_MemAvailable_bytes) are camelCase, which promtool's lint
        // flags (exit 3); they are kept on purpose, so that existing dashboards and alerts work unchanged.
        // Anything else — a parse error (exit 1), a missing HELP, a counter without _total — fails here.
        let other = said.split(separator: "\n").filter {
            !($0.hasPrefix("node_memory_") && $0.hasSuffix("should be written in 'snake_case' not 'camelCase'"))
        }
        #expect(other.isEmpty, "\(other)")
        #expect([0, 3].contains(run.status))
    }
}
