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

    /// Whether an `Accept-Encoding` value takes gzip: a `gzip` (or `x-gzip`) item whose weight is not 0, or
    /// failing one, a `*` whose weight is not 0 (RFC 9110 §12.5.3: the named coding rules over the wildcard). At
    /// most 32 items are read. Read byte by byte, without a copy: this runs for every page request.
    static func isAccepted(_ header: String?) -> Bool {
        guard var header else { return false }
        return header.withUTF8 { bytes in
            var named: Bool?
            var wildcard: Bool?
            var start = bytes.startIndex
            var items = 0
            while start <= bytes.endIndex && items < 32 {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ",")) ?? bytes.endIndex
                let item = bytes[start..<end]
                let parameters = item.firstIndex(of: UInt8(ascii: ";")) ?? item.endIndex
                let coding = Self.trimmed(item[..<parameters])
                if Self.equalsIgnoringCase(coding, "gzip") || Self.equalsIgnoringCase(coding, "x-gzip") {
                    named = (named ?? false) || !Self.hasZeroWeight(item[parameters...])
                } else if Self.equalsIgnoringCase(coding, "*") {
                    wildcard = (wildcard ?? false) || !Self.hasZeroWeight(item[parameters...])
                }
                start = end + 1
                items += 1
            }
            return named ?? wildcard ?? false
        }
    }

    private typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// Without the optional white space (spaces and tabs) around it.
    private static func trimmed(_ bytes: Bytes) -> Bytes {
        let white: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !white($0) }), let last = bytes.lastIndex(where: { !white($0) })
        else { return bytes[bytes.startIndex..<bytes.startIndex] }
        return bytes[first...last]
    }

    private static func equalsIgnoringCase(_ bytes: Bytes, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let target = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        return zip(bytes, target).allSatisfy { ((65...90).contains($0) ? $0 | 0x20 : $0) == $1 }
    }

    /// Whether `;`-separated parameters hold a `q` of 0 (`0`, `0.`, `0.000`); a weight that does not parse counts
    /// as 1, as before.
    private static func hasZeroWeight(_ parameters: Bytes) -> Bool {
        var start = parameters.startIndex
        while start < parameters.endIndex {
            let end = parameters[(start + 1)...].firstIndex(of: UInt8(ascii: ";")) ?? parameters.endIndex
            let parameter = Self.trimmed(parameters[(start + 1)..<end])
            if parameter.count >= 3, parameter.first.map({ $0 | 0x20 }) == UInt8(ascii: "q"),
                parameter[parameter.startIndex + 1] == UInt8(ascii: "=")
            {
                let value = Self.trimmed(parameter[(parameter.startIndex + 2)...])
                if value.first == UInt8(ascii: "0")
                    && value.dropFirst().allSatisfy({ $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "0") })
                {
                    return true
                }
            }
            start = end
        }
        return false
    }
}
