package import Alerting

/// `pod.restarts` as restarts since the previous evaluation — a count per interval, never the cumulative total
/// (a `> 0` rule must clear once a pod stops restarting). The first sight of a subject is unknown; a count that
/// went down (a new pod with the same name) starts over from the new count.
package struct RestartCounter: Sendable {
    private var last: [String: Double] = [:]

    package mutating func convert(_ samples: [AlertSample]) -> [AlertSample] {
        var seen: [String: Double] = [:]
        let converted = samples.map { sample -> AlertSample in
            guard sample.metric == AlertMetric.podRestarts.name, let total = sample.value else { return sample }
            seen[sample.subject.key] = total
            var sample = sample
            sample.value = self.last[sample.subject.key].map { total >= $0 ? total - $0 : total }
            return sample
        }
        self.last = seen
        return converted
    }
}
