import NIOCore
import Wire

/// What the frame fuzzer does with one input, shared with the regression tests that replay every kept
/// input: cut the bytes into frames, inflate compressed payloads; caps must hold, nothing may trap.
public enum FrameInput: Sendable {
    /// Returns the number of frames cut (the regression tests check seeds reach the decoder).
    @discardableResult
    public static func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var frames = 0
        var buffer = ByteBuffer(bytes: bytes)
        var decoder = FrameDecoder(maximumLength: 64 * 1024)
        while let frame = try? decoder.decode(buffer: &buffer) {
            frames += 1
            precondition(frame.payload.readableBytes <= 64 * 1024, "decoder returned an oversize payload")
            if frame.flags.contains(.compressed) {
                if let inflated = try? Compression.inflate(frame.payload, maximumLength: 64 * 1024) {
                    precondition(inflated.readableBytes <= 64 * 1024, "inflate exceeded its cap")
                }
            }
        }
        return frames
    }
}
