/// The eBPF part of a snapshot (``KernelSignals``): checked by ingest like every other part, and brought within
/// the limits by the agent before it leaves (a command name with a newline, set through prctl, is a name
/// with `?` here, not a refused node).
extension SnapshotLimits {
    /// At most this many buckets per histogram (2^31 µs is over half an hour: a longer wait is not a latency).
    static let histogramBuckets = 32
    /// Endpoints per network namespace, kept OOM kills and ended processes per snapshot, signals.
    static let kernelEndpoints = 16
    static let kernelEvents = 64  // the agent keeps at most 64 ended processes and 16 OOM kills
    static let kernelSignals = 16

    public func check(kernelSignals kernel: KernelSignals) throws(LimitViolation) {
        let field = "kernel_signals"
        try self.count(kernel.signals.count, atMost: Self.kernelSignals, "\(field).signals")
        for (index, signal) in kernel.signals.enumerated() {
            try self.name(signal.name, "\(field).signals[\(index)].name")
            try self.text(signal.reason, atMost: self.textBytes, "\(field).signals[\(index)].reason")
            try self.range(signal.sampledPercent, 0...100, "\(field).signals[\(index)].sampled_percent")
        }
        try self.range(kernel.intervalMilliseconds, 0...86_400_000, "\(field).interval_milliseconds")
        try self.check(histogram: kernel.nodeRunqueue, "\(field).node_runqueue")
        try self.count(kernel.containers.count, atMost: self.containers, "\(field).containers")
        for (index, container) in kernel.containers.enumerated() {
            let path = "\(field).containers[\(index)]"
            try self.name(container.podUID, "\(path).pod_uid")
            try self.name(container.containerID, "\(path).container_id")
            try self.check(histogram: container.runqueue, "\(path).runqueue")
            try self.check(histogram: container.blockIO, "\(path).block_io")
        }
        try self.count(kernel.retransmits.count, atMost: self.networkNamespaces, "\(field).retransmits")
        for (index, entry) in kernel.retransmits.enumerated() {
            let path = "\(field).retransmits[\(index)]"
            try self.name(entry.podUID, "\(path).pod_uid")
            try self.count(entry.endpoints.count, atMost: Self.kernelEndpoints, "\(path).endpoints")
            for (number, endpoint) in entry.endpoints.enumerated() {
                try self.name(endpoint.address, "\(path).endpoints[\(number)].address")
                try self.range(endpoint.port, 0...65_535, "\(path).endpoints[\(number)].port")
            }
        }
        try self.count(kernel.devices.count, atMost: self.disks, "\(field).devices")
        for (index, device) in kernel.devices.enumerated() {
            try self.name(device.device, "\(field).devices[\(index)].device")
            try self.name(device.name, "\(field).devices[\(index)].name")
            try self.check(histogram: device.latency, "\(field).devices[\(index)].latency")
        }
        for (events, name) in [(kernel.oomKills, "oom_kills"), (kernel.exits, "exits")] {
            try self.count(events.count, atMost: Self.kernelEvents, "\(field).\(name)")
            for (index, event) in events.enumerated() {
                let path = "\(field).\(name)[\(index)]"
                try self.name(event.podUID, "\(path).pod_uid")
                try self.name(event.containerID, "\(path).container_id")
                try self.name(event.command, "\(path).command")
                try self.range(event.pid, self.pids, "\(path).pid")
                try self.range(event.timeMilliseconds, self.wallTimeMilliseconds, "\(path).time_milliseconds")
            }
        }
    }

    private func check(histogram: KernelSignals.Histogram, _ field: @autoclosure () -> String) throws(LimitViolation) {
        try self.count(histogram.buckets.count, atMost: Self.histogramBuckets, "\(field()).buckets")
    }

    /// `kernel` cut to what ``check(kernelSignals:)`` accepts: lists shortened, names made printable and
    /// clipped, out-of-range times and PIDs dropped with their events.
    func conformed(_ kernel: KernelSignals) -> KernelSignals {
        var result = kernel
        func name(_ text: String) -> String { Self.name(text, self.nameBytes) }
        func histogram(_ value: KernelSignals.Histogram) -> KernelSignals.Histogram {
            .init(buckets: Array(value.buckets.prefix(Self.histogramBuckets)))
        }
        result.signals = kernel.signals.prefix(Self.kernelSignals).map { signal in
            KernelSignals.Signal(
                name: name(signal.name),
                on: signal.on,
                reason: Self.clip(signal.reason, self.textBytes),
                sampledPercent: min(signal.sampledPercent, 100)
            )
        }
        result.intervalMilliseconds = min(max(kernel.intervalMilliseconds, 0), 86_400_000)
        result.nodeRunqueue = histogram(kernel.nodeRunqueue)
        result.containers = kernel.containers.prefix(self.containers).map { container in
            var copy = container
            copy.podUID = name(container.podUID)
            copy.containerID = name(container.containerID)
            copy.runqueue = histogram(container.runqueue)
            copy.blockIO = histogram(container.blockIO)
            return copy
        }
        result.retransmits = kernel.retransmits.prefix(self.networkNamespaces).map { entry in
            var copy = entry
            copy.podUID = name(entry.podUID)
            copy.endpoints = entry.endpoints.prefix(Self.kernelEndpoints).filter { $0.port <= 65_535 }.map {
                KernelSignals.Endpoint(address: name($0.address), port: $0.port, retransmits: $0.retransmits)
            }
            return copy
        }
        result.devices = kernel.devices.prefix(self.disks).map {
            KernelSignals.Device(device: name($0.device), name: name($0.name), latency: histogram($0.latency))
        }
        func events(_ list: [KernelSignals.ProcessEvent]) -> [KernelSignals.ProcessEvent] {
            list.suffix(Self.kernelEvents).filter {
                self.pids.contains($0.pid) && self.wallTimeMilliseconds.contains($0.timeMilliseconds)
            }.map { event in
                var copy = event
                copy.podUID = name(event.podUID)
                copy.containerID = name(event.containerID)
                copy.command = name(event.command)
                return copy
            }
        }
        result.oomKills = events(kernel.oomKills)
        result.exits = events(kernel.exits)
        return result
    }
}
