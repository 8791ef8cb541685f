/// The round trip through the login form: where the reader was going, carried in a query value and a hidden
/// field, and checked to stay on this server.
enum LoginRedirect {
    /// The path and query as one query value (only unreserved bytes stay as they are).
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let unreserved =
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D
                || byte == 0x2E || byte == 0x5F || byte == 0x7E || byte == 0x2F
            if unreserved {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                let hex = Array("0123456789ABCDEF")
                result += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
            }
        }
        return result
    }

    /// Where a login goes back to: a path on this server, never another site (`//host`, `/\host`, a scheme), and
    /// printable ASCII only (a CR or LF must never reach the Location header; a browser sends the path encoded).
    static func safeReturn(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), next.utf8.count <= 2_048,
            next.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") })
        else { return "/" }
        return next
    }
}
