import NIOCore
import Telemetry
import Wire

/// What the payload fuzzer does with one input: the bytes are a connection's, cut into frames; snapshot
/// frames go through one SnapshotDecoder (keyframes, deltas against the previous snapshot, container
/// indices, removed processes) and rates are computed between consecutive snapshots, as the server does;
/// other frames are decoded as their message. The input is also decoded as a bare payload of every type.
/// Anything may be rejected with a WireError; nothing may trap. Every delta payload (and the input itself, as
/// one) must decode the same through the delta fast path and the generated decoder: a difference traps.
public enum PayloadInput: Sendable {
    /// Returns the number of snapshots decoded (the regression tests check seeds reach the delta code).
    @discardableResult
    public static func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var decoded = 0
        let input = ByteBuffer(bytes: bytes)
        let limit = 1 << 20
        var stream = input
        var framing = FrameDecoder(maximumLength: limit)
        var snapshots = SnapshotDecoder()
        var previous: Snapshot?
        while let frame = try? framing.decode(buffer: &stream) {
            if frame.type == .snapshot {
                if !frame.flags.contains(.keyframe) { Self.checkPaths(frame, limit: limit) }
                guard let snapshot = try? snapshots.snapshot(from: frame, maximumLength: limit) else { continue }
                decoded += 1
                if let previous { _ = SnapshotRates(previous: previous, current: snapshot) }
                previous = snapshot
            } else {
                _ = try? WireMessage.decode(frame, maximumLength: limit)
            }
        }
        precondition(DeltaPayloadCheck.pathsAgree(input), "delta fast path and generated decoder disagree")
        for type in UInt8(1)...7 {
            for flags: FrameFlags in [[], [.keyframe]] {
                let frame = Frame(type: FrameType(rawValue: type), flags: flags, payload: input)
                _ = try? WireMessage.decode(frame, maximumLength: limit)
            }
        }
        return decoded
    }

    private static func checkPaths(_ frame: Frame, limit: Int) {
        let payload =
            frame.flags.contains(.compressed)
            ? try? Compression.inflate(frame.payload, maximumLength: limit) : frame.payload
        guard let payload else { return }
        precondition(DeltaPayloadCheck.pathsAgree(payload), "delta fast path and generated decoder disagree")
    }
}
