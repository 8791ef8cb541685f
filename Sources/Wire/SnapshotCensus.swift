import NIOCore
import Telemetry

/// Counts, from the protobuf bytes alone, what a Snapshot payload would make the decoder build — containers,
/// processes, pods, arguments, packed entries — and refuses it past ``SnapshotLimits`` before SwiftProtobuf
/// allocates anything. Without it a 2-byte empty message is a heap object of hundreds of bytes: a 16 MiB
/// payload of them is gigabytes (security review H2). One pass, no allocation.
///
/// Counts are taken as the wire has them: a singular message sent twice is merged by the decoder, so its
/// repeated fields are summed here (never undercounted). A malformed byte stops the count; the decoder then
/// names the fault.
struct SnapshotCensus {
    let limits: SnapshotLimits
    private var processes = 0
    private var updateEntries = 0
    private var differences = 0

    static func check(_ payload: ByteBuffer, limits: SnapshotLimits) throws(WireError) {
        var census = SnapshotCensus(limits: limits)
        let result = payload.withUnsafeReadableBytes { bytes in
            Result { () throws(LimitViolation) in try census.snapshot(bytes) }
        }
        if case .failure(let violation) = result { throw WireError.refused(violation) }
    }

    private init(limits: SnapshotLimits) {
        self.limits = limits
    }

    private mutating func snapshot(_ bytes: UnsafeRawBufferPointer) throws(LimitViolation) {
        var counts = [UInt64: Int]()
        var reader = ProtobufReader(bytes)
        while !reader.isAtEnd, let field = reader.next() {
            // Repeated messages and strings count one per occurrence; packed field 16 counts its entries below.
            if field.type == .lengthDelimited && field.number != 16 { counts[field.number, default: 0] += 1 }
            switch (field.number, field.type) {
            case (6, .lengthDelimited): try self.host(bytes, field.bytes)
            case (7, .lengthDelimited): try self.container(bytes, field.bytes)
            case (8, .lengthDelimited): try self.process(bytes, field.bytes, "host_processes")
            case (9, .lengthDelimited):
                try self.repeated(bytes, field.bytes, [3: (self.limits.interfaces, "network_namespaces.interfaces")])
            case (11, .lengthDelimited):
                try self.repeated(
                    bytes,
                    field.bytes,
                    [
                        5: (self.limits.containersPerPod, "pods.containers"),
                        12: (self.limits.labelsPerObject, "pods.labels"),
                        13: (self.limits.labelsPerObject, "pods.annotations"),
                    ]
                )
            case (13, .lengthDelimited): try self.nodeInfo(bytes, field.bytes)
            case (15, .lengthDelimited): try self.updates(bytes, field.bytes, "host_process_updates")
            case (16, _): counts[16, default: 0] += Self.packed(bytes, field)
            case (17, .lengthDelimited):
                try self.repeated(bytes, field.bytes, [2: (64, "host_rows.differences")], packed: true)
            default: break
            }
        }
        let limits = self.limits
        try limits.count(counts[7] ?? 0, atMost: limits.containers, "containers")
        try limits.count(counts[9] ?? 0, atMost: limits.networkNamespaces, "network_namespaces")
        try limits.count(counts[10] ?? 0, atMost: limits.issues, "errors")
        try limits.count(counts[11] ?? 0, atMost: limits.pods, "pods")
        try limits.count(counts[12] ?? 0, atMost: limits.processes, "removed_processes")
        try limits.count(counts[14] ?? 0, atMost: limits.pods, "removed_pod_uids")
        try limits.count(counts[16] ?? 0, atMost: limits.containers, "container_layout")
        try limits.count(counts[17] ?? 0, atMost: limits.cpus + limits.interfaces + limits.disks + 8, "host_rows")
        try limits.count(self.processes, atMost: limits.processes, "processes (containers and host)")
        try limits.count(self.updateEntries, atMost: limits.processes * 2, "process_updates entries")
        try limits.count(self.differences, atMost: limits.processes * 64, "process_updates differences")
    }

    private mutating func host(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(LimitViolation) {
        try self.repeated(
            bytes,
            range,
            [5: (self.limits.interfaces, "host.network"), 7: (self.limits.disks, "host.disks")]
        )
        var reader = ProtobufReader(bytes, range: range)
        while !reader.isAtEnd, let field = reader.next() {
            guard field.type == .lengthDelimited else { continue }
            switch field.number {
            case 1: try self.repeated(bytes, field.bytes, [2: (self.limits.cpus, "host.cpu.per_cpu")])
            case 2: try self.repeated(bytes, field.bytes, [1: (self.limits.kernelKeys, "host.memory")])
            case 3: try self.repeated(bytes, field.bytes, [1: (self.limits.kernelKeys, "host.vmstat")])
            default: break
            }
        }
    }

    private mutating func container(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(LimitViolation) {
        try self.repeated(bytes, range, [11: (self.limits.cgroupMemberships, "containers.shared_cgroups")])
        var reader = ProtobufReader(bytes, range: range)
        while !reader.isAtEnd, let field = reader.next() {
            guard field.type == .lengthDelimited else { continue }
            if field.number == 5 { try self.process(bytes, field.bytes, "containers.processes") }
            if field.number == 10 { try self.updates(bytes, field.bytes, "containers.process_updates") }
            if field.number == 9 {
                try self.repeated(bytes, field.bytes, [2: (64, "containers.cgroup_update.differences")], packed: true)
            }
            if field.number == 11 {
                try self.repeated(bytes, field.bytes, [2: (32, "containers.shared_cgroups.controllers")])
            }
        }
    }

    private mutating func process(
        _ bytes: UnsafeRawBufferPointer,
        _ range: Range<Int>,
        _ name: String
    ) throws(LimitViolation) {
        self.processes += 1
        try self.limits.count(self.processes, atMost: self.limits.processes, "processes (containers and host)")
        try self.repeated(
            bytes,
            range,
            [5: (self.limits.arguments, "\(name).cmdline"), 6: (self.limits.cgroupMemberships, "\(name).cgroups")]
        )
        var reader = ProtobufReader(bytes, range: range)
        while !reader.isAtEnd, let field = reader.next() {
            guard field.type == .lengthDelimited else { continue }
            if field.number == 2 {
                let ids = self.limits.statusIDs
                try self.repeated(
                    bytes,
                    field.bytes,
                    [
                        22: (ids, "\(name).status.uid"), 23: (ids, "\(name).status.gid"),
                        24: (ids, "\(name).status.ns_pid"),
                    ],
                    packed: true
                )
            }
            if field.number == 6 { try self.repeated(bytes, field.bytes, [2: (32, "\(name).cgroups.controllers")]) }
        }
    }

    /// A ProcessUpdates: its packed PIDs, bitmasks and differences count towards the payload's totals.
    private mutating func updates(
        _ bytes: UnsafeRawBufferPointer,
        _ range: Range<Int>,
        _ name: String
    ) throws(LimitViolation) {
        var reader = ProtobufReader(bytes, range: range)
        while !reader.isAtEnd, let field = reader.next() {
            let entries = Self.packed(bytes, field)
            if field.number == 3 { self.differences += entries } else { self.updateEntries += entries }
        }
        try self.limits.count(self.updateEntries, atMost: self.limits.processes * 2, "\(name) entries")
        try self.limits.count(self.differences, atMost: self.limits.processes * 64, "\(name) differences")
    }

    /// Counts the occurrences of each of `fields` inside one message (packed varint lists by their entries).
    /// NodeInfo: its conditions, and the repeated parts of its kubelet status (field 11).
    private func nodeInfo(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(LimitViolation) {
        try self.repeated(
            bytes,
            range,
            [
                1: (self.limits.conditions, "node_info.conditions"),
                12: (self.limits.labelsPerObject, "node_info.labels"),
            ]
        )
        var reader = ProtobufReader(bytes, range: range)
        while !reader.isAtEnd, let field = reader.next() {
            guard field.number == 11, field.type == .lengthDelimited else { continue }
            try self.repeated(
                bytes,
                field.bytes,
                [
                    5: (self.limits.kubeletEntries, "node_info.kubelet.eviction_signals"),
                    12: (self.limits.kubeletEntries, "node_info.kubelet.reserved"),
                    13: (self.limits.kubeletEntries, "node_info.kubelet.errors"),
                    15: (self.limits.pods, "node_info.kubelet.pod_differences"),
                    16: (self.limits.containers * 3, "node_info.kubelet.probes"),
                    19: (self.limits.kubeletEntries, "node_info.kubelet.runtime_operation_errors"),
                    23: (self.limits.pods, "node_info.kubelet.pod_stats"),
                ]
            )
        }
    }

    private func repeated(
        _ bytes: UnsafeRawBufferPointer,
        _ range: Range<Int>,
        _ fields: [UInt64: (limit: Int, name: String)],
        packed: Bool = false
    ) throws(LimitViolation) {
        var counts = [UInt64: Int]()
        var reader = ProtobufReader(bytes, range: range)
        while !reader.isAtEnd, let field = reader.next() {
            guard let (limit, name) = fields[field.number] else { continue }
            let count = (counts[field.number] ?? 0) + (packed ? Self.packed(bytes, field) : 1)
            counts[field.number] = count
            try self.limits.count(count, atMost: limit, name)
        }
    }

    /// Entries of a repeated varint field: one for an unpacked occurrence, one per final byte when packed.
    private static func packed(_ bytes: UnsafeRawBufferPointer, _ field: ProtobufReader.Field) -> Int {
        guard field.type == .lengthDelimited else { return 1 }
        var entries = 0
        for index in field.bytes where bytes[index] & 0x80 == 0 { entries += 1 }
        return entries
    }
}
