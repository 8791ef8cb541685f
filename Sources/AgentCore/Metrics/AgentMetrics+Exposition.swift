import KubeClient
import Synchronization
import Telemetry

extension AgentMetrics {
    /// The Prometheus text of everything recorded (`podwatch_agent_*`).
    public func exposition() -> String {
        let state = self.state.withLock { $0 }
        var writer = PrometheusWriter()
        let histogram = "podwatch_agent_pass_duration_seconds"
        writer.family(histogram, .histogram, "Time one collection pass took.")
        var cumulative: UInt64 = 0
        for (bound, count) in zip(Self.passBuckets, state.passBucketCounts) {
            cumulative += count
            writer.sample("\(histogram)_bucket", ["le": PrometheusWriter.number(bound)], Double(cumulative))
        }
        writer.sample("\(histogram)_bucket", ["le": "+Inf"], Double(state.passes))
        writer.sample("\(histogram)_sum", [:], state.passSeconds)
        writer.sample("\(histogram)_count", [:], Double(state.passes))
        let counters: [(String, String, UInt64)] = [
            ("podwatch_agent_pass_failures_total", "Passes that failed as a whole.", state.passFailures),
            ("podwatch_agent_read_issues_total", "Files that could not be read, summed over passes.", state.readIssues),
            ("podwatch_agent_connections_total", "Connections the server accepted.", state.connections),
            (
                "podwatch_agent_connection_failures_total", "Connections that failed or were lost (each retried).",
                state.connectionFailures
            ),
            ("podwatch_agent_frames_sent_total", "Snapshot frames sent.", state.framesSent),
            ("podwatch_agent_sent_bytes_total", "Bytes of snapshot frames sent.", state.bytesSent),
            (
                "podwatch_agent_snapshots_dropped_total",
                "Snapshots replaced by a newer one before any connection took them.",
                state.snapshotsDropped
            ),
        ]
        for (name, help, value) in counters {
            writer.family(name, .counter, help)
            writer.sample(name, [:], Double(value))
        }
        let byKind = "podwatch_agent_read_issues_by_kind_total"
        writer.family(byKind, .counter, "Files that could not be read, by kind of file (its name).")
        for (kind, count) in state.readIssuesByKind.sorted(by: { $0.key < $1.key }) {
            writer.sample(byKind, ["kind": kind], Double(count))
        }
        if let directory = state.directory {
            let restarts = "podwatch_agent_kube_watch_restarts_total"
            writer.family(restarts, .counter, "Kubernetes LIST+WATCH loops started over (expired: listed again).")
            for (resource, reason, count) in directory.watchRestarts {
                writer.sample(restarts, ["resource": resource, "reason": reason], Double(count))
            }
        }
        let gauges: [(String, String, Double?)] = [
            ("podwatch_agent_processes", "Processes the last pass reported.", Double(state.processes)),
            ("podwatch_agent_containers", "Containers the last pass reported.", Double(state.containers)),
            ("podwatch_agent_resident_bytes", "The agent's resident set.", state.residentBytes.map { Double($0) }),
            (
                "podwatch_agent_cgroup_memory_bytes", "The agent's memory cgroup usage (kernel memory included).",
                state.cgroupBytes.map { Double($0) }
            ),
            ("podwatch_agent_descriptors_kept", "Descriptors kept open between passes.", Double(state.descriptorsKept)),
        ]
        for (name, help, value) in gauges {
            writer.family(name, .gauge, help)
            writer.sample(name, [:], value)
        }
        return writer.text
    }
}
