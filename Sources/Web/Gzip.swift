internal import CZlib
import NIOCore

/// HTTP's gzip content coding (RFC 9110 §8.4.1.3) for pages rendered once and sent many times: compressed once per
/// rendering, a 730 KB node table is sent as ~60 KB to every browser that asks for it.
enum Gzip {
    /// `bytes` as one gzip member; nil when zlib fails (the page then goes uncompressed).
    static func compress(_ bytes: ByteBuffer, level: Int32 = 6) -> ByteBuffer? {
        var stream = z_stream()
        guard CZlib_deflateInitGzip(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.readableBytes)))
        var output = ByteBufferAllocator().buffer(capacity: bound)
        let status = bytes.withUnsafeReadableBytes { source in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(target.count)
                let status = deflate(&stream, Z_FINISH)
                return status == Z_STREAM_END ? target.count - Int(stream.avail_out) : 0
            }
        }
        return status > 0 ? output : nil
    }

    /// Whether an `Accept-Encoding` value takes gzip: a `gzip` (or `x-gzip`) or `*` token whose weight is not 0.
    static func isAccepted(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",").prefix(32) {
            let parts = item.split(separator: ";")
            let coding = parts.first.map { $0.trimmingCharacters(in: " \t").lowercased() } ?? ""
            guard coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            let refused = parts.dropFirst().contains { parameter in
                let pair = parameter.trimmingCharacters(in: " \t").lowercased()
                return pair.hasPrefix("q=") && (Double(pair.dropFirst(2)) ?? 1) == 0
            }
            return !refused
        }
        return false
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String { Substring(self).trimmingCharacters(in: set) }
}
