import NIOCore
import SwiftProtobuf
import Telemetry
import Testing

@testable import Wire

/// The delta fast path reads steady containers itself and must agree with the generated decoder on every
/// payload: the same fields when both accept it, a refusal when either would refuse it, and a fall back to
/// the generated decoder for anything but the canonical encoding of a steady container.
@Suite struct DeltaPayloadTests {
    static func bytes(_ message: Podwatch_V1_Snapshot) throws -> ByteBuffer {
        let serialized: [UInt8] = try message.serializedBytes()
        return ByteBuffer(bytes: serialized)
    }

    static func steady(index: UInt32, pids: [Int32], differences: [Int64]) -> Podwatch_V1_ContainerSnapshot {
        var container = Podwatch_V1_ContainerSnapshot()
        container.previousIndex = index
        container.isSandbox = index % 2 == 1
        container.networkNamespace = 4_026_532_000 + UInt64(index)
        var cgroup = Podwatch_V1_CounterUpdate()
        cgroup.changed = 0b1011
        cgroup.differences = [1_000_000, -3, 1 << 40]
        container.cgroupUpdate = cgroup
        container.processUpdates.pids = pids
        container.processUpdates.changed = Array(repeating: 0b11, count: pids.count)
        container.processUpdates.differences = differences
        return container
    }

    /// A delta with steady containers, a new container, and fields of every other kind around them.
    static func delta() -> Podwatch_V1_Snapshot {
        var message = Podwatch_V1_Snapshot()
        message.node = "node-a"
        message.wallTimeMilliseconds = 1_700_000_000_000
        message.containerLayout = [-1, -1, 5, -1]
        message.containers = [
            Self.steady(index: 0, pids: [7, 3, -2], differences: [1, 2, -1, Int64.min, Int64.max, 0]),
            Self.steady(index: 1, pids: [], differences: []),
        ]
        var added = Podwatch_V1_ContainerSnapshot()
        added.identity.containerID = "c0ffee"
        added.processes = [Podwatch_V1_ProcessSnapshot()]
        added.processes[0].stat.pid = 42
        message.containers.append(added)
        var unchanged = Podwatch_V1_ContainerSnapshot()
        unchanged.previousIndex = 3
        unchanged.cgroupUnchanged = true
        message.containers.append(unchanged)
        message.hostProcessUpdates.pids = [1]
        message.hostProcessUpdates.changed = [1]
        message.hostProcessUpdates.differences = [5]
        message.removedPodUids = ["gone"]
        message.hostRows = [Podwatch_V1_CounterUpdate(), Podwatch_V1_CounterUpdate()]
        message.hostRows[1].changed = 0b110
        message.hostRows[1].differences = [-7, 1 << 33]
        return message
    }

    @Test func steadyContainersAreReadByTheFastPathAndAgreeWithTheGeneratedDecoder() throws {
        let payload = try Self.bytes(Self.delta())
        let decoded = try DeltaPayload.decode(payload)
        #expect(decoded.containers.map { $0.message == nil } == [true, true, false, true])
        #expect(decoded.containers[0].processUpdates.pids.elementsEqual([7, 3, -2]))
        #expect(decoded.containers[0].processUpdates.differences.elementsEqual([1, 2, -1, .min, .max, 0]))
        #expect(decoded.containers[0].cgroupUpdate?.differences.elementsEqual([1_000_000, -3, 1 << 40]) == true)
        #expect(decoded.containers[1].isSandbox && decoded.containers[1].processUpdates.isEmpty)
        #expect(decoded.containers[3].cgroupUnchanged && decoded.containers[3].cgroupUpdate == nil)
        #expect(decoded.message.node == "node-a" && decoded.message.removedPodUids == ["gone"])
        #expect(decoded.message.containers.isEmpty && decoded.message.hostRows.isEmpty)
        #expect(decoded.hostRows.map(\.changed) == [0, 0b110])
        #expect(decoded.hostRows[1].differences.elementsEqual([-7, 1 << 33]))
        #expect(DeltaPayloadCheck.pathsAgree(payload))
    }

    /// Protobuf allows what our encoder never writes: a list unpacked, a message field twice (merged), fields
    /// out of order. The fast path hands such a container to the generated decoder, with the same result.
    @Test func encodingsTheFastPathDoesNotReadFallBackAndStillAgree() throws {
        var unpacked = try Self.bytes(Podwatch_V1_Snapshot())
        // containers { previous_index: 2, process_updates { pids: 5 (unpacked, zigzag 10), changed: [1] } }
        let updates: [UInt8] = [0x08, 10, 0x12, 1, 1, 0x1a, 1, 2]
        let container: [UInt8] = [0x30, 2, 0x52, UInt8(updates.count)] + updates
        unpacked.writeBytes([0x3a, UInt8(container.count)] + container)
        let decoded = try DeltaPayload.decode(unpacked)
        #expect(decoded.containers.count == 1 && decoded.containers[0].message != nil)
        #expect(decoded.containers[0].processUpdates.pids.elementsEqual([5]))
        #expect(DeltaPayloadCheck.pathsAgree(unpacked))

        // The cgroup update twice: protobuf merges the two (the bitmask of the last, both lists of differences).
        let update: [UInt8] = [0x08, 3, 0x12, 1, 4]
        let twice: [UInt8] = [0x30, 0] + [0x4a, 5] + update + [0x4a, 5] + update
        var repeated = ByteBuffer()
        repeated.writeBytes([0x3a, UInt8(twice.count)] + twice)
        #expect(try DeltaPayload.decode(repeated).containers[0].cgroupUpdate?.differences.count == 2)
        #expect(DeltaPayloadCheck.pathsAgree(repeated))

        // A node row with its differences unpacked: every row goes through the generated decoder, in order.
        var rows = try Self.bytes(Self.delta())
        rows.writeBytes([0x8a, 0x01, 4, 0x08, 1, 0x10, 6])
        let withRows = try DeltaPayload.decode(rows)
        #expect(withRows.hostRows.count == 3 && withRows.hostRows[2].differences.elementsEqual([3]))
        #expect(withRows.containers.allSatisfy { $0.message != nil })
        #expect(DeltaPayloadCheck.pathsAgree(rows))

        // No previous index: a new container, which only the generated decoder reads.
        var new = Podwatch_V1_Snapshot()
        new.containers = [Podwatch_V1_ContainerSnapshot()]
        new.containers[0].isSandbox = true
        #expect(try DeltaPayload.decode(try Self.bytes(new)).containers[0].message != nil)
        #expect(DeltaPayloadCheck.pathsAgree(try Self.bytes(new)))
    }

    @Test func malformedPayloadsAreRefusedByBothPaths() throws {
        let good = try Self.bytes(Self.delta())
        var cases: [ByteBuffer] = []
        for cut in stride(from: 1, to: good.readableBytes, by: 7) {
            cases.append(good.getSlice(at: 0, length: cut) ?? ByteBuffer())
        }
        // A length running past the end, a varint of eleven bytes, a group, a field number zero.
        cases.append(ByteBuffer(bytes: [0x3a, 0x7f, 0x30]))
        cases.append(ByteBuffer(bytes: [0x3a, 12, 0x30] + Array(repeating: 0xff, count: 10) + [0x01]))
        cases.append(ByteBuffer(bytes: [0x3a, 2, 0x33, 0x34]))
        cases.append(ByteBuffer(bytes: [0x3a, 2, 0x00, 0x01]))
        for payload in cases {
            #expect(DeltaPayloadCheck.pathsAgree(payload), "payload \(Array(payload.readableBytesView))")
        }
        #expect(throws: WireError.self) { try DeltaPayload.decode(ByteBuffer(bytes: [0x3a, 0x7f, 0x30])) }
    }

    @Test func zigZagAndVarintsDecodeAtTheirLimits() {
        #expect(ProtobufReader.sint64(0) == 0 && ProtobufReader.sint64(1) == -1 && ProtobufReader.sint64(2) == 1)
        #expect(ProtobufReader.sint64(.max) == .min && ProtobufReader.sint64(.max - 1) == .max)
        // sint32 reads the low 32 bits of the varint, as protobuf's decoders do.
        #expect(ProtobufReader.sint32(UInt64(UInt32.max)) == .min && ProtobufReader.sint32(1 << 32 | 4) == 2)
        let tenBytes: [UInt8] = Array(repeating: 0xff, count: 9) + [0x01]
        tenBytes.withUnsafeBytes { bytes in
            var reader = ProtobufReader(bytes)
            #expect(reader.varint() == .max)
        }
    }
}
