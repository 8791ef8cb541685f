public import Foundation

/// A POSIX ustar archive of a recording's files, streamed: what a recording downloads as (no library in the mirror
/// writes tar, and ZIPFoundation's zlib module collides with ours by name). Each file's length is fixed when the
/// download starts and exactly that many bytes are sent (a running recording only appends), read in 256 KiB
/// pieces, so a recording of any size never sits in memory.
public struct TarArchive: Sendable {
    struct Entry: Sendable {
        var name: String
        var path: String
        var size: Int
    }

    /// `NAME-ID.tar`.
    public let filename: String
    let entries: [Entry]

    static let chunk = 256 << 10

    /// The archive's exact length (the response's Content-Length).
    public var length: Int {
        self.entries.reduce(1024) { $0 + 512 + $1.size + Self.padding($1.size) }
    }

    /// Hands the archive to `sink` piece by piece.
    public func write(_ sink: (Data) async throws -> Void) async throws {
        for entry in self.entries {
            try await sink(Self.header(name: entry.name, size: entry.size))
            guard let handle = FileHandle(forReadingAtPath: entry.path) else {
                throw RecordingError.storage("cannot read \(entry.path)")
            }
            defer { try? handle.close() }
            var left = entry.size
            while left > 0 {
                let piece = try handle.read(upToCount: min(left, Self.chunk)) ?? Data()
                guard !piece.isEmpty else { throw RecordingError.storage("\(entry.path) shrank while it was sent") }
                try await sink(piece)
                left -= piece.count
            }
            try await sink(Data(count: Self.padding(entry.size)))
        }
        try await sink(Data(count: 1024))
    }

    static func padding(_ size: Int) -> Int { (512 - size % 512) % 512 }

    static func header(name: String, size: Int) -> Data {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, length: Int) {
            for (index, byte) in text.utf8.prefix(length).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, length: Int) {
            let digits = String(value, radix: 8)
            put(
                String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits,
                at: offset,
                length: length - 1
            )
        }
        put(name, at: 0, length: 100)
        octal(0o644, at: 100, length: 8)
        octal(0, at: 108, length: 8)
        octal(0, at: 116, length: 8)
        if size < 1 << 33 {
            octal(size, at: 124, length: 12)
        } else {
            // 8 GiB and more do not fit eleven octal digits: GNU base-256 (high bit set, big-endian), which tar
            // and Python's tarfile read.
            block[124] = 0x80
            for index in 0..<8 { block[135 - index] = UInt8(truncatingIfNeeded: size >> (8 * index)) }
        }
        octal(Int(Date().timeIntervalSince1970), at: 136, length: 12)
        put("        ", at: 148, length: 8)
        block[156] = UInt8(ascii: "0")
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        let checksum = block.reduce(0) { $0 + Int($1) }
        let digits = String(checksum, radix: 8)
        put(String(repeating: "0", count: max(0, 6 - digits.count)) + digits, at: 148, length: 6)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return Data(block)
    }
}
