import NIOCore
import SwiftProtobuf

/// A delta Snapshot payload, decoded in two parts. Its containers are read field by field (`ProtobufReader`):
/// a steady container — an index into the previous snapshot, a cgroup update, process updates — is a few
/// varints, which SwiftProtobuf turned into a message, its storage and four arrays, 200 times per snapshot;
/// the node's counter rows likewise. Every other field, and any container carrying more than a
/// steady one does, goes through the generated decoder. Whatever the fast path does not recognise exactly
/// (another field, a field twice, an unpacked list, a malformed byte) sends the whole payload through the
/// generated decoder, which then either decodes it or names the fault: both paths accept the same payloads.
struct DeltaPayload {
    /// Every field but the containers and the node's counter rows.
    var message: Podwatch_V1_Snapshot
    var containers: [DeltaContainer]
    var hostRows: [CounterRun]

    static func decode(_ payload: ByteBuffer) throws(WireError) -> DeltaPayload {
        if let fast = payload.withUnsafeReadableBytes({ Self.split($0) }) { return fast }
        return try Self.generated(payload)
    }

    /// The whole payload through SwiftProtobuf.
    static func generated(_ payload: ByteBuffer) throws(WireError) -> DeltaPayload {
        var message: Podwatch_V1_Snapshot = try WireMessage.message(payload)
        let containers = message.containers.map(DeltaContainer.init)
        let hostRows = message.hostRows.map(CounterRun.init)
        message.containers = []
        message.hostRows = []
        return DeltaPayload(message: message, containers: containers, hostRows: hostRows)
    }

    /// Where a steady container's lists lie in the arrays the whole delta shares.
    private struct Steady {
        var container = DeltaContainer()
        var cgroupChanged: UInt64?
        var cgroupDifferences = 0..<0
        var pids = 0..<0
        var changed = 0..<0
        var processDifferences = 0..<0
    }

    private static let containersField: UInt64 = 7
    private static let hostRowsField: UInt64 = 17

    private static func split(_ bytes: UnsafeRawBufferPointer) -> DeltaPayload? {
        var reader = ProtobufReader(bytes)
        var rest: [UInt8] = []
        var containers: [DeltaContainer] = []
        var steadies: [(position: Int, steady: Steady)] = []
        var rows: [(changed: UInt64, differences: Range<Int>)] = []
        var pids: [Int32] = []
        var changed: [UInt64] = []
        var differences: [Int64] = []
        while !reader.isAtEnd {
            guard let field = reader.next() else { return nil }
            if field.number == Self.hostRowsField, field.type == .lengthDelimited {
                // All or none: rows left to the generated decoder would lose their order among these.
                let start = differences.count
                guard let mask = Self.counterUpdate(bytes, field.bytes, &differences) else { return nil }
                rows.append((mask, start..<differences.count))
                continue
            }
            guard field.number == Self.containersField, field.type == .lengthDelimited else {
                rest.append(contentsOf: bytes[field.encoded])
                continue
            }
            if let steady = Self.steady(bytes, field.bytes, &pids, &changed, &differences) {
                steadies.append((containers.count, steady))
                containers.append(steady.container)
            } else {
                let part = Array(UnsafeRawBufferPointer(rebasing: bytes[field.bytes]))
                guard let message = try? Podwatch_V1_ContainerSnapshot(serializedBytes: part) else { return nil }
                containers.append(DeltaContainer(message))
            }
        }
        guard let message = try? Podwatch_V1_Snapshot(serializedBytes: rest) else { return nil }
        // Slices taken only now: one taken while its array still grew would make every append copy the array.
        for (position, steady) in steadies {
            containers[position].cgroupUpdate = steady.cgroupChanged.map {
                CounterRun(changed: $0, differences: differences[steady.cgroupDifferences])
            }
            containers[position].processUpdates = ProcessUpdateRun(
                pids: pids[steady.pids],
                changed: changed[steady.changed],
                differences: differences[steady.processDifferences]
            )
        }
        let hostRows = rows.map { CounterRun(changed: $0.changed, differences: differences[$0.differences]) }
        return DeltaPayload(message: message, containers: containers, hostRows: hostRows)
    }

    /// A container holding only what a steady one holds, each field once (protobuf would merge repeats), with
    /// its index into the previous snapshot; nil for anything else.
    private static func steady(
        _ bytes: UnsafeRawBufferPointer,
        _ range: Range<Int>,
        _ pids: inout [Int32],
        _ changed: inout [UInt64],
        _ differences: inout [Int64]
    ) -> Steady? {
        var reader = ProtobufReader(bytes, range: range)
        var steady = Steady()
        var seenUpdates = false
        while !reader.isAtEnd {
            guard let field = reader.next() else { return nil }
            switch (field.number, field.type) {
            case (4, .varint): steady.container.networkNamespace = field.varint
            case (6, .varint): steady.container.previousIndex = Int(UInt32(truncatingIfNeeded: field.varint))
            case (7, .varint): steady.container.isSandbox = field.varint != 0
            case (8, .varint): steady.container.cgroupUnchanged = field.varint != 0
            case (9, .lengthDelimited) where steady.cgroupChanged == nil:
                let start = differences.count
                guard let mask = Self.counterUpdate(bytes, field.bytes, &differences) else { return nil }
                steady.cgroupChanged = mask
                steady.cgroupDifferences = start..<differences.count
            case (10, .lengthDelimited) where !seenUpdates:
                seenUpdates = true
                let starts = (pids.count, changed.count, differences.count)
                var updates = ProtobufReader(bytes, range: field.bytes)
                while !updates.isAtEnd {
                    guard let list = updates.next(), list.type == .lengthDelimited else { return nil }
                    let read =
                        switch list.number {
                        case 1: ProtobufReader.packed(bytes, list.bytes, into: &pids, ProtobufReader.sint32)
                        case 2: ProtobufReader.packed(bytes, list.bytes, into: &changed) { $0 }
                        case 3: ProtobufReader.packed(bytes, list.bytes, into: &differences, ProtobufReader.sint64)
                        default: false
                        }
                    guard read else { return nil }
                }
                steady.pids = starts.0..<pids.count
                steady.changed = starts.1..<changed.count
                steady.processDifferences = starts.2..<differences.count
            default:
                return nil
            }
        }
        return steady.container.previousIndex == nil ? nil : steady
    }

    /// A `CounterUpdate`'s bitmask, its differences appended; nil unless exactly its two fields, packed.
    private static func counterUpdate(
        _ bytes: UnsafeRawBufferPointer,
        _ range: Range<Int>,
        _ differences: inout [Int64]
    ) -> UInt64? {
        var reader = ProtobufReader(bytes, range: range)
        var mask: UInt64 = 0
        var seenDifferences = false
        while !reader.isAtEnd {
            guard let field = reader.next() else { return nil }
            switch (field.number, field.type) {
            case (1, .varint):
                mask = field.varint
            case (2, .lengthDelimited) where !seenDifferences:
                seenDifferences = true
                guard ProtobufReader.packed(bytes, field.bytes, into: &differences, ProtobufReader.sint64) else {
                    return nil
                }
            default:
                return nil
            }
        }
        return mask
    }
}
