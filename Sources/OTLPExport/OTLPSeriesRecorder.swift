import CoreMetrics
import MetricsExport
import Synchronization

/// Keeps one swift-metrics handle per series and moves it to each round's value: a gauge is set; a counter (the
/// agents' cumulative values) is incremented by what it grew, so OTLP's cumulative sum equals the raw counter (a
/// counter that went back — an agent restarted — starts over from its new value). Series absent from a round
/// are destroyed, so pods that left stop being exported.
final class OTLPSeriesRecorder: Sendable {
    private let factory: any MetricsFactory

    private struct Series {
        var gauge: Gauge?
        var counter: FloatingPointCounter?
        var last: Double
    }

    private let series = Mutex<[String: Series]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func record(_ samples: [MetricsExposition.Sample]) {
        self.series.withLock { series in
            var seen = Set<String>()
            for sample in samples where sample.value.isFinite {
                let key = sample.name + "\u{0}" + sample.labels.map { "\($0.0)=\($0.1)" }.joined(separator: "\u{0}")
                seen.insert(key)
                if sample.isCounter {
                    var entry =
                        series[key]
                        ?? Series(
                            counter: FloatingPointCounter(
                                label: sample.name,
                                dimensions: sample.labels,
                                factory: self.factory
                            ),
                            last: 0
                        )
                    if sample.value < entry.last {
                        entry.counter?.destroy()
                        entry.counter = FloatingPointCounter(
                            label: sample.name,
                            dimensions: sample.labels,
                            factory: self.factory
                        )
                        entry.last = 0
                    }
                    entry.counter?.increment(by: sample.value - entry.last)
                    entry.last = sample.value
                    series[key] = entry
                } else {
                    let entry =
                        series[key]
                        ?? Series(
                            gauge: Gauge(label: sample.name, dimensions: sample.labels, factory: self.factory),
                            last: 0
                        )
                    entry.gauge?.record(sample.value)
                    series[key] = entry
                }
            }
            for (key, entry) in series where !seen.contains(key) {
                entry.gauge?.destroy()
                entry.counter?.destroy()
                series[key] = nil
            }
        }
    }
}
