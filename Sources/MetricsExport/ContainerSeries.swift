import NodeStore
import Telemetry

/// Containers under cAdvisor's names (`container_cpu_usage_seconds_total`, `container_memory_working_set_bytes`,
/// `container_spec_memory_limit_bytes`, `container_cpu_cfs_throttled_periods_total`…) and pods under
/// kube-state-metrics' (`kube_pod_status_phase`, `kube_pod_container_status_restarts_total`).
enum ContainerSeries {
    static let phases = ["Pending", "Running", "Succeeded", "Failed", "Unknown"]

    static func write(_ node: NodeState, _ writer: inout PrometheusWriter) {
        let cgroupSeries: [(String, PrometheusWriter.Kind, String, (CgroupStats) -> Double?)] = [
            (
                "container_cpu_usage_seconds_total", .counter, "Cumulative CPU time consumed, seconds.",
                { $0.cpuUsageNanoseconds.map { Double($0) / 1e9 } }
            ),
            (
                "container_memory_working_set_bytes", .gauge, "Current working set (usage minus inactive file).",
                { $0.memoryWorkingSetBytes.map { Double($0) } }
            ),
            (
                "container_memory_usage_bytes", .gauge, "Current memory usage, page cache included.",
                { $0.memoryUsageBytes.map { Double($0) } }
            ),
            ("container_memory_rss", .gauge, "Anonymous memory.", { $0.memoryRSSBytes.map { Double($0) } }),
            ("container_memory_cache", .gauge, "Page cache.", { $0.memoryCacheBytes.map { Double($0) } }),
            (
                "container_spec_memory_limit_bytes", .gauge, "Memory limit (absent without one).",
                { $0.memoryLimitBytes.map { Double($0) } }
            ),
            (
                "container_cpu_cfs_periods_total", .counter, "Enforcement periods that elapsed.",
                { $0.cpuPeriods.map { Double($0) } }
            ),
            (
                "container_cpu_cfs_throttled_periods_total", .counter, "Periods the container was throttled in.",
                { $0.cpuThrottledPeriods.map { Double($0) } }
            ),
            (
                "container_cpu_cfs_throttled_seconds_total", .counter, "Total time throttled, seconds.",
                { $0.cpuThrottledNanoseconds.map { Double($0) / 1e9 } }
            ),
            ("container_oom_events_total", .counter, "OOM kills in the container.", { $0.oomKills.map { Double($0) } }),
            (
                "container_fs_reads_bytes_total", .counter, "Bytes read (the cgroup's I/O accounting).",
                { $0.ioReadBytes.map { Double($0) } }
            ),
            (
                "container_fs_writes_bytes_total", .counter, "Bytes written (the cgroup's I/O accounting).",
                { $0.ioWriteBytes.map { Double($0) } }
            ),
        ]
        let pods = PodSummary.pods(of: node)
        for (metric, kind, help, value) in cgroupSeries {
            writer.family(metric, kind, help)
            for pod in pods {
                for container in pod.workloadContainers {
                    guard let cgroup = container.snapshot.cgroup else { continue }
                    writer.sample(
                        metric,
                        ["node": node.name, "namespace": pod.namespace, "pod": pod.name, "container": container.name],
                        value(cgroup)
                    )
                }
            }
        }
        writer.family("kube_pod_status_phase", .gauge, "The pod's phase: 1 for the current one.")
        writer.family("kube_pod_container_status_restarts_total", .counter, "Restarts of the container.")
        for pod in pods {
            guard let info = pod.info else { continue }
            for phase in Self.phases {
                writer.sample(
                    "kube_pod_status_phase",
                    ["node": node.name, "namespace": pod.namespace, "pod": pod.name, "phase": phase],
                    info.phase == phase ? 1 : 0
                )
            }
            for container in info.containers {
                writer.sample(
                    "kube_pod_container_status_restarts_total",
                    ["node": node.name, "namespace": pod.namespace, "pod": pod.name, "container": container.name],
                    Double(container.restartCount)
                )
            }
        }
    }
}
