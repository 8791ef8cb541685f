import KubeClient
import Telemetry
import Testing

/// The Prometheus text the kubelet serves, read without trusting it, and probe counters turned into failures in
/// the last minute and the time of the last failure.
@Suite struct ProbeTests {
    @Test func prometheusTextIsReadAndOddLinesAreCountedNotTrusted() {
        let text = #"""
            # HELP x
            prober_probe_total{container="a\"b",namespace="n",pod="p",probe_type="Liveness",result="failed"} 3 1700000000000
            prober_probe_total{ container = "c" , namespace="n",pod="p",probe_type="Startup",result="successful",} +Inf
            other_metric{a="b"} 1
            prober_probe_total{container="unterminated} 1
            prober_probe_total{container="x"} not-a-number
            prober_probe_total{container="x"} 1 2 3
            prober_probe_total 7
            prober_probe_total{container="line\nbreak",namespace="n"} NaN
            """#
        let (samples, unreadable) = PrometheusText.samples(text, names: ["prober_probe_total"])
        #expect(unreadable == 3)
        #expect(samples.count == 4)
        #expect(samples[0].labels["container"] == "a\"b" && samples[0].value == 3)
        #expect(samples[1].labels["container"] == "c" && samples[1].value == .infinity)
        #expect(samples[2].labels.isEmpty && samples[2].value == 7)
        #expect(samples[3].labels["container"] == "line\nbreak" && samples[3].value.isNaN)
        #expect(PrometheusText.samples(text).samples.contains { $0.name == "other_metric" })
    }

    @Test func crlfLinesMultibyteValuesAndBackslashesAreReadAsBytes() {
        let text =
            "prober_probe_total{container=\"caf\u{e9}-\u{1F600}\",pod=\"a\\\\b\"} 2\r\n"
            + "prober_probe_total{container=\"ok\"}\t5\t1700000000000\r\n"
            + "\u{e9}t\u{e9}_total 1\n"
            + "  \t\r\n"
        let (samples, unreadable) = PrometheusText.samples(text)
        #expect(samples.count == 2)
        #expect(samples.first?.labels["container"] == "caf\u{e9}-\u{1F600}")
        #expect(samples.first?.labels["pod"] == "a\\b")
        #expect(samples.last?.value == 5)
        #expect(unreadable == 1)  // a metric name outside [a-zA-Z0-9_:]
    }

    static func counter(_ container: String, _ type: String, _ result: String, _ value: Double) -> PrometheusText.Sample
    {
        PrometheusText.samples(
            "prober_probe_total{container=\"\(container)\",namespace=\"shop\",pod=\"web-1\",probe_type=\"\(type)\",result=\"\(result)\"} \(value)"
        ).samples[0]
    }

    @Test func failuresInTheLastMinuteAndTheLastFailureAreTracked() {
        var history = ProbeHistory()
        let first = history.update(
            [Self.counter("web", "Liveness", "failed", 5), Self.counter("web", "Liveness", "successful", 100)],
            nowMilliseconds: 0
        )
        #expect(first.count == 1 && first[0].failed == 5 && first[0].successful == 100)
        #expect(first[0].recentFailures == 0 && first[0].lastFailureMilliseconds == nil)  // nothing to compare yet

        let failing = history.update([Self.counter("web", "Liveness", "failed", 8)], nowMilliseconds: 10_000)
        #expect(failing[0].recentFailures == 3 && failing[0].lastFailureMilliseconds == 10_000)
        let later = history.update([Self.counter("web", "Liveness", "failed", 9)], nowMilliseconds: 50_000)
        #expect(later[0].recentFailures == 4 && later[0].lastFailureMilliseconds == 50_000)
        // A minute on without new failures: the window has moved past them.
        let quiet = history.update([Self.counter("web", "Liveness", "failed", 9)], nowMilliseconds: 115_000)
        #expect(quiet[0].recentFailures == 0 && quiet[0].lastFailureMilliseconds == 50_000)
        // The kubelet restarted: counters start again, nothing underflows.
        let restarted = history.update([Self.counter("web", "Liveness", "failed", 1)], nowMilliseconds: 120_000)
        #expect(restarted[0].recentFailures == 0 && restarted[0].failed == 1)
        // A probe that is gone is forgotten; hostile values neither trap nor count.
        let odd = history.update(
            [Self.counter("db", "Readiness", "failed", -4), Self.counter("db", "Startup", "failed", 1e300)],
            nowMilliseconds: 130_000
        )
        #expect(odd.map(\.probeType) == ["Startup"] && odd[0].failed == UInt64(Int64.max))
    }
}

/// cAdvisor's counters as rates: network per pod over its interfaces, filesystem I/O per container over its
/// devices, nothing from a first reading or a counter that went back.
@Suite struct CadvisorHistoryTests {
    static func samples(_ received: Double, _ secondInterface: Double, _ read: Double) -> [PrometheusText.Sample] {
        PrometheusText.samples(
            """
            container_network_receive_bytes_total{container="",interface="eth0",namespace="shop",pod="web-1"} \(received)
            container_network_receive_bytes_total{container="",interface="eth1",namespace="shop",pod="web-1"} \(secondInterface)
            container_fs_reads_bytes_total{container="nginx",device="/dev/sda",namespace="shop",pod="web-1"} \(read)
            container_fs_reads_bytes_total{container="nginx",device="/dev/sdb",namespace="shop",pod="web-1"} 0
            """,
            names: CadvisorHistory.names
        ).samples
    }

    @Test func countersBecomeRatesPerPodAndContainer() {
        var history = CadvisorHistory()
        let first = history.update(Self.samples(1_000, 1_000, 0), nowMilliseconds: 0)
        #expect(first.network.isEmpty && first.filesystem.isEmpty)
        let second = history.update(Self.samples(11_000, 6_000, 20_000), nowMilliseconds: 10_000)
        #expect(second.network["shop/web-1"]?.receiveBytesPerSecond == 1_500)  // 1,000/s + 500/s
        #expect(second.filesystem["shop/web-1/nginx"]?.readBytesPerSecond == 2_000)
        let restarted = history.update(Self.samples(5, 6_000, 20_000), nowMilliseconds: 20_000)
        #expect(restarted.network["shop/web-1"]?.receiveBytesPerSecond == 0)  // eth0 went back: left out
    }
}

/// The kubelet's own metrics with values no kubelet would report: nothing traps, nothing absurd is passed on.
@Suite struct KubeletSelfMetricsTests {
    @Test func oddValuesNeitherTrapNorPass() {
        let text = """
            kubelet_pod_start_duration_seconds_sum NaN
            kubelet_pod_start_duration_seconds_count 3
            kubelet_pleg_relist_duration_seconds_sum 10
            kubelet_pleg_relist_duration_seconds_count 0
            kubelet_runtime_operations_errors_total{operation_type="pull_image"} 1e300
            kubelet_runtime_operations_errors_total{operation_type="exec_sync"} -5
            kubelet_runtime_operations_errors_total{operation_type="x\\ny"} 2
            """
        let metrics = KubeletSelfMetrics(PrometheusText.samples(text, names: KubeletSelfMetrics.names).samples)
        #expect(metrics.podStartSecondsAverage == nil && metrics.plegRelistSecondsAverage == nil)
        #expect(metrics.runtimeOperationErrors.map(\.operation) == ["pull_image", "x\ny"])
        #expect(metrics.runtimeOperationErrors.first?.count == UInt64(Int64.max))
    }
}
