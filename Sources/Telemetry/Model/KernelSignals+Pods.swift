/// The eBPF signals gathered per pod, for the pod page and the alert metrics: one pass over the node's entries
/// (``byPod()``), then a lookup per pod.
extension KernelSignals {
    /// One pod's kernel activity since the previous pass.
    public struct Pod: Sendable, Hashable {
        public var runqueue = Histogram()
        public var blockIO = Histogram()
        public var syscalls: UInt64 = 0
        public var execs: UInt64 = 0
        public var oomKills: UInt64 = 0
        public var retransmits: UInt64 = 0
        public var endpoints: [Endpoint] = []
        public var containers: [Container] = []
        public var recentOOMKills: [ProcessEvent] = []
        public var recentExits: [ProcessEvent] = []

        public init() {}
    }

    /// Every pod's entries by pod UID (pods without any kernel activity are absent).
    public func byPod() -> [String: Pod] {
        var pods: [String: Pod] = [:]
        for container in self.containers where !container.podUID.isEmpty {
            var pod = pods[container.podUID] ?? Pod()
            pod.runqueue.add(container.runqueue)
            pod.blockIO.add(container.blockIO)
            pod.syscalls = Histogram.saturatingAdd(pod.syscalls, container.syscalls)
            pod.execs = Histogram.saturatingAdd(pod.execs, container.execs)
            pod.oomKills = Histogram.saturatingAdd(pod.oomKills, container.oomKills)
            pod.containers.append(container)
            pods[container.podUID] = pod
        }
        for entry in self.retransmits where !entry.podUID.isEmpty {
            var pod = pods[entry.podUID] ?? Pod()
            pod.retransmits = Histogram.saturatingAdd(pod.retransmits, entry.retransmits)
            pod.endpoints += entry.endpoints
            pods[entry.podUID] = pod
        }
        for event in self.oomKills where !event.podUID.isEmpty {
            pods[event.podUID, default: Pod()].recentOOMKills.append(event)
        }
        for event in self.exits where !event.podUID.isEmpty {
            pods[event.podUID, default: Pod()].recentExits.append(event)
        }
        return pods
    }

    /// `count` per second over the pass's interval; nil before an interval is known (the agent's first pass).
    public func perSecond(_ count: UInt64) -> Double? {
        guard self.intervalMilliseconds > 0 else { return nil }
        return Double(count) / (Double(self.intervalMilliseconds) / 1000)
    }

    /// Whether the named signal is on; false when the agent does not report it.
    public func signal(_ name: String) -> Signal? { self.signals.first { $0.name == name } }
}
