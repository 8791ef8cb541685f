internal import CPodwatchBPF

/// The C reader's arrays turned into ``RawKernelSignals``.
enum MapReader {
    /// Entries read per map per pass: beyond these (a node of more than ~16,000 cgroups) the rest waits a pass.
    static let capacity = 16384
    static let eventCapacity = 1024

    static func drain(_ bpf: OpaquePointer) -> RawKernelSignals {
        var raw = RawKernelSignals()
        var counterKeys = [pw_counter_key](repeating: pw_counter_key(), count: Self.capacity)
        var values = [UInt64](repeating: 0, count: Self.capacity)
        let counters = pw_bpf_drain_counters(bpf, &counterKeys, &values, Self.capacity)
        for index in 0..<max(0, counters) {
            let key = counterKeys[index]
            switch key.kind {
            case UInt32(PW_SYSCALLS.rawValue): raw.syscalls[key.id, default: 0] &+= values[index]
            case UInt32(PW_EXECS.rawValue): raw.execs[key.id, default: 0] &+= values[index]
            case UInt32(PW_RETRANSMITS.rawValue): raw.retransmits[key.id, default: 0] &+= values[index]
            default: break
            }
        }
        var histogramKeys = [pw_histogram_key](repeating: pw_histogram_key(), count: Self.capacity)
        let histograms = pw_bpf_drain_histograms(bpf, &histogramKeys, &values, Self.capacity)
        for index in 0..<max(0, histograms) {
            let key = histogramKeys[index]
            let slot = Int(min(key.slot, UInt32(PW_SLOTS - 1)))
            func add(_ table: inout [UInt64: RawKernelSignals.Buckets]) {
                var buckets = table[key.id] ?? Array(repeating: 0, count: Int(PW_SLOTS))
                buckets[slot] &+= values[index]
                table[key.id] = buckets
            }
            switch key.kind {
            case UInt32(PW_RUNQUEUE.rawValue): add(&raw.runqueue)
            case UInt32(PW_BLOCK_BY_CGROUP.rawValue): add(&raw.blockByCgroup)
            case UInt32(PW_BLOCK_BY_DEVICE.rawValue): add(&raw.blockByDevice)
            default: break
            }
        }
        var endpointKeys = [pw_endpoint_key](repeating: pw_endpoint_key(), count: Self.capacity)
        let endpoints = pw_bpf_drain_endpoints(bpf, &endpointKeys, &values, Self.capacity)
        for index in 0..<max(0, endpoints) {
            let key = endpointKeys[index]
            raw.endpoints.append(
                .init(
                    networkNamespace: key.netns,
                    address: Self.address(key),
                    port: key.port,
                    count: values[index]
                )
            )
        }
        var events = [pw_event](repeating: pw_event(), count: Self.eventCapacity)
        var dropped = 0
        let taken = pw_bpf_drain_events(bpf, &events, Self.eventCapacity, &dropped)
        raw.droppedEvents = UInt64(max(0, dropped))
        for event in events.prefix(max(0, taken)) {
            let command = withUnsafeBytes(of: event.comm) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            let kind: RawKernelSignals.EventKind
            switch event.kind {
            case UInt32(PW_EVENT_OOM_KILL.rawValue): kind = .oomKill
            case UInt32(PW_EVENT_EXIT.rawValue): kind = .exit(lifetimeNanoseconds: event.lifetime_ns)
            default: continue
            }
            raw.events.append(
                .init(
                    kind: kind,
                    pid: event.pid,
                    cgroup: event.cgroup,
                    command: command,
                    bootNanoseconds: event.time_ns
                )
            )
        }
        let full = [counters, histograms, endpoints].filter { $0 == Self.capacity }.count
        raw.unread = UInt64(full)
        return raw
    }

    private static func address(_ key: pw_endpoint_key) -> String {
        let bytes = withUnsafeBytes(of: key.address) { Array($0) }
        if key.family == 2 {
            return bytes.prefix(4).map { String($0) }.joined(separator: ".")
        }
        var groups: [String] = []
        for index in stride(from: 0, to: 16, by: 2) {
            groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
        }
        return groups.joined(separator: ":")
    }
}
