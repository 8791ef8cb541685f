import NIOCore
import SwiftProtobuf
public import Telemetry

/// A decoded frame: what the session logic works with.
public enum WireMessage: Sendable {
    case hello(Podwatch_V1_Hello)
    case welcome(Podwatch_V1_Welcome)
    case reject(Podwatch_V1_Reject)
    case heartbeat
    /// A complete snapshot.
    case snapshot(Snapshot)
    /// Server → agent: a request (a profile, a cancel).
    case command(Podwatch_V1_Command)
    /// Agent → server: progress or a chunk of a command's result; `final` marks the last chunk.
    case commandResult(Podwatch_V1_CommandResult, final: Bool)
    /// A type this version does not know (or does not handle yet): receivers skip it.
    case unknown(FrameType)

    /// The protocol version this build speaks.
    public static let protocolVersion: UInt32 = 1

    /// Decodes a frame: inflates a compressed payload (capped at `maximumLength`), then the protobuf.
    public static func decode(
        _ frame: Frame,
        maximumLength: Int = Frame.defaultMaximumLength
    ) throws(WireError) -> WireMessage {
        guard frame.type.isKnown else { return .unknown(frame.type) }
        let payload = try Self.payload(frame, maximumLength: maximumLength)
        switch frame.type {
        case .hello: return .hello(try Self.message(payload))
        case .welcome: return .welcome(try Self.message(payload))
        case .reject: return .reject(try Self.message(payload))
        case .heartbeat: return .heartbeat
        case .snapshot:
            // Stateless decoding sees keyframes only; sessions use SnapshotDecoder, which also applies deltas.
            let wire: Podwatch_V1_Snapshot = try Self.message(payload)
            return .snapshot(try Snapshot(keyframe: wire))
        case .command: return .command(try Self.message(payload))
        case .commandResult: return .commandResult(try Self.message(payload), final: frame.flags.contains(.final))
        default: return .unknown(frame.type)
        }
    }

    /// The frame for this message. Snapshots are compressed; small control messages are not.
    public func frame() -> Frame {
        switch self {
        case .hello(let message): Self.frame(.hello, message)
        case .welcome(let message): Self.frame(.welcome, message)
        case .reject(let message): Self.frame(.reject, message)
        case .heartbeat: Frame(type: .heartbeat)
        case .snapshot(let snapshot):
            Frame(type: .snapshot, flags: [.keyframe, .compressed], payload: Self.keyframe(snapshot))
        case .command(let message): Self.frame(.command, message)
        case .commandResult(let message, let final):
            // Results carry folded stacks: text that compresses several times over.
            Frame(
                type: .commandResult,
                flags: final ? [.compressed, .final] : [.compressed],
                payload: Compression.deflate(Self.bytes(message), level: 1)
            )
        case .unknown(let type): Frame(type: type)
        }
    }

    /// A Snapshot frame for a wire message (keyframe or delta), compressed.
    static func frame(snapshot: Podwatch_V1_Snapshot, flags: FrameFlags) -> Frame {
        Frame(type: .snapshot, flags: flags, payload: Compression.deflate(Self.bytes(snapshot), level: 1))
    }

    /// A frame's payload, inflated when compressed (capped at `maximumLength`).
    static func payload(_ frame: Frame, maximumLength: Int) throws(WireError) -> ByteBuffer {
        frame.flags.contains(.compressed)
            ? try Compression.inflate(frame.payload, maximumLength: maximumLength) : frame.payload
    }

    /// A keyframe's compressed payload, serialized and compressed container by container: the snapshot's other
    /// fields first, then each container and host process as its repeated field (protobuf allows any order), so
    /// that only one container is ever held as messages.
    static func keyframe(_ snapshot: Snapshot) -> ByteBuffer {
        var head = snapshot
        head.containers = []
        head.hostProcesses = []
        let deflater = Deflater(level: 1)
        deflater.append(Self.array(Podwatch_V1_Snapshot(head)))
        for container in snapshot.containers {
            var message = Podwatch_V1_ContainerSnapshot(container)
            SharedCgroups.share(&message)
            deflater.append(Self.field(7, Self.array(message)))
        }
        for process in snapshot.hostProcesses {
            deflater.append(Self.field(8, Self.array(Podwatch_V1_ProcessSnapshot(process))))
        }
        return deflater.finish()
    }

    /// A length-delimited field: its tag, its length as a varint, its bytes.
    private static func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 12)
        for var value in [number << 3 | 2, UInt64(bytes.count)] {
            while value >= 0x80 {
                result.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            result.append(UInt8(value))
        }
        result.append(contentsOf: bytes)
        return result
    }

    private static func array(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        do {
            return try message.serializedBytes()
        } catch {
            preconditionFailure("proto3 serialization cannot fail: \(error)")
        }
    }

    /// The protobuf size of a snapshot before compression (for the bench's figures), counted container by
    /// container as a keyframe is written.
    public static func uncompressedSize(of snapshot: Snapshot) -> Int {
        var head = snapshot
        head.containers = []
        head.hostProcesses = []
        var size = Self.array(Podwatch_V1_Snapshot(head)).count
        for container in snapshot.containers {
            var message = Podwatch_V1_ContainerSnapshot(container)
            SharedCgroups.share(&message)
            size += Self.field(7, Self.array(message)).count
        }
        for process in snapshot.hostProcesses {
            size += Self.field(8, Self.array(Podwatch_V1_ProcessSnapshot(process))).count
        }
        return size
    }

    private static func frame(_ type: FrameType, _ message: some SwiftProtobuf.Message) -> Frame {
        Frame(type: type, payload: Self.bytes(message))
    }

    private static func bytes(_ message: some SwiftProtobuf.Message) -> ByteBuffer {
        do {
            let bytes: [UInt8] = try message.serializedBytes()
            return ByteBuffer(bytes: bytes)
        } catch {
            // Only messages with unset required fields fail to serialize; proto3 has none.
            preconditionFailure("proto3 serialization cannot fail: \(error)")
        }
    }

    static func message<M: SwiftProtobuf.Message>(_ payload: ByteBuffer) throws(WireError) -> M {
        do {
            return try M(serializedBytes: Array(payload.readableBytesView))
        } catch {
            throw WireError.malformedPayload("\(M.protoMessageName): \(error)")
        }
    }
}
