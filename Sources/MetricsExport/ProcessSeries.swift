import NodeStore
import Telemetry

/// Every process of every pod, with `--metrics-processes` only (one series per process and metric: on a busy
/// cluster that is hundreds of thousands). Labelled like the container series, plus `pid` and `comm`.
enum ProcessSeries {
    static func write(_ nodes: [NodeState], _ writer: inout PrometheusWriter) {
        writer.family(
            "podwatch_process_cpu_seconds_total",
            .counter,
            "CPU time the process has used (utime + stime), seconds."
        )
        writer.family("podwatch_process_resident_memory_bytes", .gauge, "The process's resident set (VmRSS).")
        writer.family("podwatch_process_threads", .gauge, "Threads in the process.")
        for node in nodes where !node.isStale {
            let ticks = Double(max(1, node.snapshot.clockTicksPerSecond))
            let pageSize = node.snapshot.pageSize
            for pod in PodSummary.pods(of: node) {
                for container in pod.workloadContainers {
                    for process in container.snapshot.processes {
                        let stat = process.stat
                        let labels: KeyValuePairs<String, String> = [
                            "node": node.name, "namespace": pod.namespace, "pod": pod.name,
                            "container": container.name, "pid": "\(stat.pid)", "comm": stat.comm,
                        ]
                        let cpu = Double(stat.utime.addingSaturating(stat.stime)) / ticks
                        let rss =
                            process.status?.vmRSS
                            ?? process.statm.map { $0.resident.multipliedSaturating(by: pageSize) }
                        writer.sample("podwatch_process_cpu_seconds_total", labels, cpu)
                        writer.sample("podwatch_process_resident_memory_bytes", labels, rss.map { Double($0) })
                        writer.sample("podwatch_process_threads", labels, Double(stat.numThreads))
                    }
                }
            }
        }
    }
}
