internal import CZlib
public import NIOCore

/// zlib (RFC 1950) compression of payloads, for frames with the `compressed` flag.
public enum Compression: Sendable {
    /// Deflates `payload` at `level` (1 fastest … 9 smallest; 6 is zlib's default).
    public static func deflate(_ payload: ByteBuffer, level: Int32 = 6) -> ByteBuffer {
        var stream = z_stream()
        guard CZlib_deflateInit(&stream, level) == Z_OK else { preconditionFailure("deflateInit: out of memory") }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(payload.readableBytes)))
        var output = ByteBufferAllocator().buffer(capacity: bound)
        var input = payload
        input.withUnsafeMutableReadableBytes { source in
            _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                stream.next_in = source.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(target.count)
                let result = CZlib.deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate into deflateBound bytes must finish")
                return target.count - Int(stream.avail_out)
            }
        }
        return output
    }

    /// Inflates a zlib stream, refusing to produce more than `maximumLength` bytes (a hostile stream can
    /// expand a thousandfold).
    public static func inflate(_ payload: ByteBuffer, maximumLength: Int) throws(WireError) -> ByteBuffer {
        var stream = z_stream()
        guard CZlib_inflateInit(&stream) == Z_OK else { throw WireError.corruptCompression("inflateInit failed") }
        defer { inflateEnd(&stream) }
        var output = ByteBufferAllocator().buffer(capacity: min(max(payload.readableBytes * 4, 256), maximumLength))
        var input = payload
        var status: Int32 = Z_OK
        input.withUnsafeMutableReadableBytes { source -> Void in
            stream.next_in = source.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(source.count)
            while status == Z_OK {
                let room = min(64 * 1024, maximumLength + 1 - output.readableBytes)
                guard room > 0 else { break }
                _ = output.writeWithUnsafeMutableBytes(minimumWritableBytes: room) { target in
                    stream.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = uInt(room)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return room - Int(stream.avail_out)
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
            }
        }
        guard output.readableBytes <= maximumLength else { throw WireError.inflatedTooLarge(maximum: maximumLength) }
        guard status == Z_STREAM_END else {
            throw WireError.corruptCompression(status == Z_BUF_ERROR ? "truncated stream" : "zlib status \(status)")
        }
        return output
    }
}
