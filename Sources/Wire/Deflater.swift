internal import CZlib
import NIOCore

/// A zlib stream fed piece by piece: a keyframe is compressed as it is serialized, container by container,
/// so the agent never holds the whole snapshot as protobuf messages, nor its whole uncompressed payload (on a
/// 16,000-process node those were tens of megabytes at every reconnect).
///
/// Not Sendable: used within one call. The z_stream lives at a fixed address (zlib keeps a pointer back to it).
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: ByteBuffer

    init(level: Int32) {
        self.stream = .allocate(capacity: 1)
        self.stream.initialize(to: z_stream())
        guard CZlib_deflateInit(self.stream, level) == Z_OK else { preconditionFailure("deflateInit: out of memory") }
        self.output = ByteBufferAllocator().buffer(capacity: 16 << 10)
    }

    deinit {
        deflateEnd(self.stream)
        self.stream.deinitialize(count: 1)
        self.stream.deallocate()
    }

    /// Compresses `bytes` into the output (zlib keeps what it cannot emit yet).
    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { source in
            self.run(source, flush: Z_NO_FLUSH)
        }
    }

    /// Ends the stream and returns the compressed bytes.
    func finish() -> ByteBuffer {
        self.run(UnsafeBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        return self.output
    }

    private func run(_ source: UnsafeBufferPointer<UInt8>, flush: Int32) {
        self.stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
        self.stream.pointee.avail_in = uInt(source.count)
        while true {
            var status: Int32 = Z_OK
            _ = self.output.writeWithUnsafeMutableBytes(minimumWritableBytes: 16 << 10) { target in
                self.stream.pointee.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                self.stream.pointee.avail_out = uInt(target.count)
                status = CZlib.deflate(self.stream, flush)
                return target.count - Int(self.stream.pointee.avail_out)
            }
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
                precondition(status == Z_OK || status == Z_BUF_ERROR, "deflate failed: \(status)")
                continue
            }
            precondition(status == Z_OK || status == Z_BUF_ERROR, "deflate failed: \(status)")
            // Done with this input once zlib took all of it and had room to spare.
            if self.stream.pointee.avail_in == 0 && self.stream.pointee.avail_out > 0 { return }
        }
    }
}

@available(*, unavailable, message: "used within one call")
extension Deflater: Sendable {}
